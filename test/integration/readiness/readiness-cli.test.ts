import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../../src/config/check-config-file.js';

const repo = resolve(import.meta.dirname, '../../..');
const tsx = join(repo, 'node_modules/.bin/tsx');

/** A copy of the example config in a temp folder, with `checklist` as its readiness checklist. */
function configWith(checklist: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-readiness-cli-'));
  cpSync(join(repo, 'config'), dir, { recursive: true });
  writeFileSync(join(dir, 'readiness-checklist.yml'), checklist);
  return join(dir, 'shipgate.example.yml');
}

function cli(args: string[], db = join(mkdtempSync(join(tmpdir(), 'shipgate-no-db-')), 'none.db')) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SHIPGATE_DB: db };
  const run = spawnSync(tsx, [join(repo, 'src/cli.ts'), 'readiness', ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const PASSING = `sections:
  - name: Code & Configuration
    items:
      - { id: tests_pass, text: All tests pass, critical: true, weight: 3, check: { command: "node -e 0" } }
      - { id: security_scan, text: Security scan passes, critical: true, check: { command: "node -e 0" } }
      - { id: rollback_tested, text: Rollback procedure tested, critical: true, check: { command: "node -e 0" } }
      - { id: oncall, text: On-call scheduled, critical: true, check: { builtin: oncall_scheduled } }
      - { id: monitoring_enabled, text: Monitoring enabled, critical: true, check: { builtin: monitoring_configured } }
      - { id: docs, text: Docs current, check: { command: "node -e 0" } }
`;

describe('npx shipgate readiness', () => {
  it('prints the 5.3 layout and exits 0 when ready', () => {
    const run = cli(['checkout', '2.5.3', '--config', configWith(PASSING)]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '========================================',
      'Production Readiness Verification',
      'Environment: production',
      'Version: 2.5.3',
      'Service: checkout',
      '========================================',
    ]);
    expect(run.stdout).toContain('[CRITICAL CHECKS]\nAll tests pass... ✓ PASS');
    expect(run.stdout).toContain('On-call scheduled... ✓ PASS');
    expect(run.stdout).toContain('[CODE & CONFIGURATION]\nDocs current... ✓ PASS');
    expect(run.stdout).toContain('SCORE: 100/100');
    expect(run.stdout).toContain('RESULT: READY FOR PRODUCTION');
  });

  it('exits 1 with NOT READY on the example checklist without a database', () => {
    const run = cli(['checkout', '2.5.3', '--config', join(repo, 'config/shipgate.example.yml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'All tests pass (unit, integration, e2e)... ✗ FAIL (no recorded test run of 2.5.3)',
    );
    expect(run.stdout).toContain('RESULT: NOT READY FOR PRODUCTION');
    expect(run.stdout).toContain('Critical checks failed. Do not deploy.');
    expect(run.stderr).toContain('no Shipgate database');
  });

  it('exits 2 for an unknown service, an unknown environment and a refused config', () => {
    const unknown = cli(['nope', '2.5.3', '--config', join(repo, 'config/shipgate.example.yml')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown service nope; configured: checkout, payments');
    expect(
      cli(['checkout', '2.5.3', '--env', 'moon', '--config', join(repo, 'config/shipgate.example.yml')]).code,
    ).toBe(2);
    const broken = cli(['checkout', '2.5.3', '--config', configWith('sections: []\n')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('readiness-checklist.yml');
  });
});

describe('config check of the readiness checklist', () => {
  it('accepts the example, whose checklist holds every 5.1 item and the five critical ones', () => {
    const result = checkConfigFile(join(repo, 'config/shipgate.example.yml'));
    expect(result.exitCode).toBe(0);
    expect(result.output).not.toContain('critical item');
    const text = readFileSync(join(repo, 'config/readiness-checklist.yml'), 'utf8');
    for (const section of [
      'Code & Configuration',
      'Infrastructure',
      'Deployment',
      'Monitoring & Alerting',
      'Documentation',
      'Security & Compliance',
      'AI Agent Readiness',
      'Sign-Off',
    ])
      expect(text).toContain(`name: ${section}`);
  });

  it('warns when a critical item is missing or not marked critical', () => {
    const config = configWith(
      PASSING.replace(
        'critical: true, check: { builtin: oncall_scheduled }',
        'check: { builtin: oncall_scheduled }',
      ).replace(/.*monitoring_enabled.*\n/, ''),
    );
    const result = checkConfigFile(config);
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain(
      'warning: the chapter\'s critical item "On-call scheduled" (5.2) is not marked critical: true',
    );
    expect(result.output).toContain('"Monitoring enabled" (5.2) is not in the checklist');
  });

  it('refuses an attest role that is not configured and a repeated item id, with lines', () => {
    const config = configWith(`${PASSING}      - { id: docs, text: Again, attest: { role: wizard } }\n`);
    const result = checkConfigFile(config);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(
      'readiness-checklist.yml: sections[0].items[6].id (line 10): item id "docs" is used twice',
    );
    const role = checkConfigFile(
      configWith(`${PASSING}      - { id: other, text: Other, attest: { role: wizard } }\n`),
    );
    expect(role.exitCode).toBe(1);
    expect(role.output).toContain(
      'sections[0].items[6].attest.role (line 10): role "wizard" is not defined under roles',
    );
  });
});
