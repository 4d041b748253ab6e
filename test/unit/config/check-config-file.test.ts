import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../../src/config/check-config-file.js';

const repo = resolve(import.meta.dirname, '../../..');
const fixtures = resolve(repo, 'test/fixtures/config');
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('checkConfigFile', () => {
  it('accepts the example main config with its OK line, its one intentional warning (no Prometheus in the sandbox) and exit code 0', () => {
    const path = join(repo, 'config/shipgate.example.yml');
    expect(checkConfigFile(path)).toEqual({
      ok: true,
      output:
        `OK ${path}: 2 environments (production, staging), 2 services, 8 roles\n` +
        'metrics: warning: not set, so the watch.queries of checkout, payments are never sampled and metric triggers and alerts never fire; set metrics.prometheus.url or metrics.http_json.url',
      exitCode: 0,
    });
  });

  it('accepts a single environment file, detected by its environment key', () => {
    const result = checkConfigFile(join(repo, 'config/environments/production-deployment.yml'));
    expect(result.exitCode).toBe(0);
    expect(result.output.split('\n')).toHaveLength(1);
    expect(result.output).toMatch(
      /^OK .*: environment production \(blue-green, approval by team-lead \+ on-call-engineer\)/,
    );
  });

  it.each([
    [
      'bad-environments/bad-duration.yml',
      'approval.timeout (line 12): expected a duration such as 30m, got "thirty minutes"',
    ],
    [
      'bad-environments/bad-threshold.yml',
      'monitoring.alerts[1].threshold (line 52): expected a threshold such as error_rate > 1%, got "latency_p99 is high"',
    ],
    [
      'bad-environments/unknown-key.yml',
      'approval.auto_approve (line 14): unknown key "auto_approve"; expected one of required, approvers, timeout, escalation_on_timeout',
    ],
    [
      'bad-environments/bad-hours.yml',
      'change_window.allowed_hours[0] (line 57): expected hours such as 10:00-16:00 with valid times and the end after the start, got "16:00-10:00"',
    ],
    [
      'bad-environments/yaml-syntax-error.yml',
      'line 9: YAML syntax error: All mapping items must start at the same column',
    ],
    [
      'role-without-members.yml',
      'bump_approvers.patch (line 14): role "on-call-engineer" has no members who can approve; add Slack user ids under roles.on-call-engineer\n' +
        'environments/production.yml: approval.approvers[1] (line 11): role "on-call-engineer" has no members who can approve; add Slack user ids under roles.on-call-engineer',
    ],
    [
      'roles-not-distinct.yml',
      'environments/production.yml: approval.approvers (line 9): roles team-lead, on-call-engineer cannot be filled by distinct people: between them they have only U0BOB; each required role needs a different human',
    ],
    [
      'roles-not-distinct-for-major.yml',
      'environments/production.yml: approval.approvers (line 9): for a major deploy (bump_approvers.major: engineering-lead), roles on-call-engineer, engineering-lead cannot be filled by distinct people: between them they have only U0CAROL; each required role needs a different human',
    ],
    [
      'unknown-environment.yml',
      'services.payments.environments[1] (line 41): unknown environment "prod" (environments: production, staging)',
    ],
    [
      'unknown-severity-role.yml',
      'incidents.severities.SEV-1.escalate_to[1] (line 52): unknown role "cfo" (roles: cto, engineering-lead, on-call-engineer, release-manager, team-lead)',
    ],
    [
      'bad-main-values.yml',
      'slack_token (line 3): unknown key "slack_token"; secrets come from the environment, never from the YAML\n' +
        'roles.release-manager[0] (line 14): expected a Slack user id such as U0BOB, got "alice"',
    ],
  ])('refuses %s with exit code 1 and one located line per problem', (fixture, output) => {
    expect(checkConfigFile(join(fixtures, fixture))).toEqual({ ok: false, output, exitCode: 1 });
  });

  it('prefixes problems in other files with their path relative to the checked file', () => {
    const { output, exitCode } = checkConfigFile(join(fixtures, 'broken-environments.yml'));
    expect(exitCode).toBe(1);
    expect(output.split('\n')).toEqual([
      'bad-environments/bad-duration.yml: approval.timeout (line 12): expected a duration such as 30m, got "thirty minutes"',
      expect.stringMatching(
        /^bad-environments\/bad-hours\.yml: change_window\.allowed_hours\[0\] \(line 57\): /,
      ),
      expect.stringMatching(
        /^bad-environments\/bad-threshold\.yml: monitoring\.alerts\[1\]\.threshold \(line 52\): /,
      ),
      expect.stringMatching(/^bad-environments\/unknown-key\.yml: approval\.auto_approve \(line 14\): /),
      expect.stringMatching(/^bad-environments\/yaml-syntax-error\.yml: line 9: YAML syntax error/),
    ]);
  });

  it('exits with 2 when the file does not exist', () => {
    const result = checkConfigFile(join(fixtures, 'no-such-file.yml'));
    expect(result.exitCode).toBe(2);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/no-such-file\.yml: cannot read file/);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-check-'));
    temps.push(dir);
    writeFileSync(join(dir, 'empty.yml'), '# nothing here\n');
    writeFileSync(join(dir, 'list.yml'), '- production\n');
    expect(checkConfigFile(join(dir, 'empty.yml'))).toEqual({
      ok: false,
      output: 'the file is empty; expected a mapping of settings',
      exitCode: 1,
    });
    expect(checkConfigFile(join(dir, 'list.yml')).output).toBe(
      'line 1: expected a mapping of settings, got a list',
    );
  });
});
