import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliStoreArgs } from '../support/cli-store-args.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { tableProblems, tables } from '../unit/adapters/templates/markdown-check.js';

const run = promisify(execFile);
const MIN = 60_000;
const CONFIG = 'test/fixtures/deploy/shipgate.yml';
const ID = 'INC-2026-0001';
const FILE = `${ID}-report.md`;

let h: DeployHarness;
let channel = '';
let reportAck = '';

async function incident(user: string, text: string, where = channel): Promise<string> {
  const result = await h.slack.command({ user, command: '/incident', text, channel: where });
  await h.settle();
  return JSON.stringify(result.ack);
}

/** Moves the fake clock to `HH:MM` on 2026-11-24 (UTC) and lets due timers fire. */
async function at(time: string): Promise<void> {
  h.clock.set(`2026-11-24T${time}:00Z`);
  await h.settle();
}

const reportFiles = () => [...h.slack.state.files.values()].filter((f) => f.filename === FILE && f.completed);

/** Runs `shipgate report` on the harness's store (its SQLite file or its PostgreSQL schema). */
function cli(...args: string[]) {
  const store = cliStoreArgs(h);
  const env = {
    ...process.env,
    SHIPGATE_DB: '',
    SHIPGATE_DATABASE_URL: '',
    SHIPGATE_CONFIG: '',
    ...store.env,
  };
  return run('node', ['src/bin.js', 'report', ...args, ...store.args], { env, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

/**
 * The script, with the figures it must give:
 * 10:00 SEV-1 declared → 10:12 ack (time to acknowledge 12 minutes; first update due 10:32) → 10:14 Alice commands
 * → 10:32 update clock breached → 10:35 first update, 3 minutes late (time to first update 35 minutes) → 10:40
 * SEV-2 (cadence restarts: due 11:10) → 10:50 update, on time → 10:52 root cause → 10:55 action item → 11:05
 * resolved (duration 1 hour 5 minutes) → 11:10 `/incident report`.
 */
beforeAll(async () => {
  h = await startDeployHarness();
  await incident('U0BOB', 'declare SEV-1 Checkout is down --service checkout', 'C0DEPLOYS');
  channel = (await h.shipgate.runtime.incidents.get(ID))?.channelId ?? '';
  await at('10:12');
  await incident('U0BOB', 'ack');
  await at('10:14');
  await incident('U0BOB', 'commander <@U0ALICE>');
  await at('10:27');
  await at('10:32');
  await at('10:35');
  await incident('U0BOB', 'update Rolled back checkout to 2.5.3, error rate 12% | p99 900ms');
  await at('10:40');
  await incident('U0ALICE', 'severity SEV-2');
  await at('10:50');
  await incident('U0ALICE', 'update Error rate back to baseline');
  await at('10:52');
  await incident('U0ALICE', 'note Root cause: release 2.5.4 lowered the DB connection pool from 50 to 5');
  await at('10:55');
  await incident('U0ALICE', 'action add "Add pool limits to the load test" <@U0CAROL> due:2026-12-01');
  await at('11:05');
  await incident('U0ALICE', 'resolve Rolled back to 2.5.3 and raised the pool limit');
  await at('11:10');
  reportAck = await incident('U0BOB', 'report');
}, 60_000);
afterAll(async () => {
  await h.stop();
});

describe('/incident report', () => {
  it('answers at once and posts the report as a Markdown file with its key figures in the incident channel', () => {
    expect(channel).not.toBe('');
    expect(reportAck).toContain(`Report of ${ID} is being posted as a file in <#${channel}>`);
    const [file, ...more] = reportFiles();
    expect(more).toEqual([]);
    expect(file).toMatchObject({ title: `Incident report ${ID}`, channels: [channel] });
    const posted = h.slack.messages(channel).find((m) => m.files?.includes(file?.id ?? ''));
    expect(posted?.text).toContain(`*Incident report ${ID}* (SEV-2, resolved after 1 hour 5 minutes)`);
    expect(posted?.text).toContain('requested by <@U0BOB>');
    expect(posted?.text).toContain(
      'Time to acknowledge: 12 minutes · Time to first update: 35 minutes · Status updates on time: 1 of 2 (1 late) · Clock breaches: 1',
    );
  });

  it("holds the chapter's sections, the exact details and figures, and well-formed tables", () => {
    const markdown = reportFiles()[0]?.content?.toString('utf8') ?? '';

    expect(markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual([
      `# Incident Report: ${ID}`,
      '## Incident Details:',
      '## Timeline:',
      '## Root Cause:',
      '## Impact:',
      '## Resolution:',
      '## Lessons Learned:',
      '### What Went Well:',
      '### What Went Poorly:',
      '## Action Items:',
      '## Sign-Off:',
      '## Figures:',
      '### Clock Breaches:',
    ]);
    expect(markdown).toContain(
      [
        `- Incident ID: ${ID}`,
        '- Severity: SEV-2 (declared as SEV-1)',
        '- Start Time: 2026-11-24 10:00 UTC',
        '- End Time: 2026-11-24 11:05 UTC',
        '- Duration: 1 hour 5 minutes',
        '- Services Affected: checkout',
        '- Customers Affected: not recorded',
      ].join('\n'),
    );
    expect(markdown).toContain(
      '## Root Cause:\nrelease 2.5.4 lowered the DB connection pool from 50 to 5\n\n## Impact:\n[Description of customer and business impact]\n',
    );
    expect(markdown).toContain('## Resolution:\nRolled back to 2.5.3 and raised the pool limit\n');
    expect(markdown).toContain('- [ ] Incident Commander: alice Date: ________\n');
    expect(markdown).not.toContain('<@');
    expect(markdown).toContain(
      [
        '- Time to acknowledge: 12 minutes',
        '- Time to first update: 35 minutes',
        '- Status updates on time: 1 of 2',
        '- Status updates late: 1 of 2',
      ].join('\n'),
    );

    const [timeline = [], actions = [], breaches = []] = tables(markdown);
    for (const table of [timeline, actions, breaches]) expect(tableProblems(table)).toEqual([]);
    expect(timeline[0]).toBe('| Time (UTC) | Event |');
    expect(timeline.slice(1)).toEqual([
      '|------------|-------|',
      '| 10:00 | Incident declared by bob: SEV-1 Checkout is down (checkout) |',
      '| 10:00 | On-call paged |',
      '| 10:12 | Acknowledged by bob |',
      '| 10:14 | Incident commander assigned: alice (by bob) |',
      '| 10:32 | Status update clock breached (SEV-1, due 10:32 UTC); escalated to engineering-lead, cto |',
      '| 10:35 | Status update by bob: Rolled back checkout to 2.5.3, error rate 12% \\| p99 900ms |',
      '| 10:40 | Severity changed from SEV-1 to SEV-2 by alice |',
      '| 10:50 | Status update by alice: Error rate back to baseline |',
      '| 10:52 | Root cause identified: release 2.5.4 lowered the DB connection pool from 50 to 5 |',
      '| 10:55 | Action item added: Add pool limits to the load test (owner carol, due 2026-12-01) |',
      '| 11:05 | Incident resolved by alice: Rolled back to 2.5.3 and raised the pool limit |',
    ]);
    expect(actions.slice(2)).toEqual(['| Add pool limits to the load test | carol | 2026-12-01 | Open |']);
    expect(breaches.slice(2)).toEqual([
      '| Status update | SEV-1 | 2026-11-24 10:32 UTC | 2026-11-24 10:32 UTC |',
    ]);
  });

  it('keeps the upload as a timer that retries after Slack fails, and does not queue a second one meanwhile', async () => {
    h.slack.failMethod('files.completeUploadExternal', { status: 500 }, { times: 1 });
    expect(await incident('U0BOB', `${ID} report`, 'C0DEPLOYS')).toContain('is being posted as a file');
    expect(reportFiles()).toHaveLength(1);
    const pending = (await h.shipgate.timers.pending(ID)).filter((t) => t.kind === 'incident.report_upload');
    expect(pending).toHaveLength(1);
    expect(pending[0]?.attempts).toBe(1);

    expect(await incident('U0BOB', 'report')).toContain(`A report of ${ID} is already on its way`);
    h.clock.advance(MIN);
    await h.settle();

    expect(reportFiles()).toHaveLength(2);
    expect((await h.shipgate.timers.pending(ID)).filter((t) => t.kind === 'incident.report_upload')).toEqual(
      [],
    );
  });

  it('tells the requester by direct message, without retrying, when Slack refuses the upload for good', async () => {
    h.slack.failMethod('files.completeUploadExternal', { error: 'posting_to_channel_denied' }, { times: 1 });
    const before = h.slack.callsTo('files.completeUploadExternal').length;
    await incident('U0CAROL', 'report');
    h.clock.advance(10 * MIN);
    await h.settle();

    expect(h.slack.callsTo('files.completeUploadExternal').length - before).toBe(1);
    expect(reportFiles()).toHaveLength(2);
    const dm = h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'U0CAROL');
    expect(dm.map((c) => String(c.args.text))).toContainEqual(
      expect.stringContaining(`Slack refused the report of ${ID} (\`posting_to_channel_denied\`)`),
    );
  });

  it('refuses a report for an incident with no channel yet, naming the CLI instead', async () => {
    h.slack.failMethod('conversations.create', { status: 500 });
    await incident('U0BOB', 'declare SEV-4 Typo on the status page', 'C0DEPLOYS');
    const ack = await incident('U0BOB', 'INC-2026-0002 report', 'C0DEPLOYS');
    h.slack.clearFaults();

    expect(ack).toContain('INC-2026-0002 has no channel yet to post its report in');
    expect(ack).toContain('npx shipgate report INC-2026-0002');
  });
});

describe('npx shipgate report', () => {
  it('prints the same report to stdout from the database, with people as @ids and no Slack', async () => {
    const { code, stdout, stderr } = await cli(ID, '--config', CONFIG);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('- Duration: 1 hour 5 minutes\n');
    expect(stdout).toContain('- Time to acknowledge: 12 minutes\n- Time to first update: 35 minutes\n');
    expect(stdout).toContain('- Status updates on time: 1 of 2\n- Status updates late: 1 of 2\n');
    expect(stdout).toContain('| 10:12 | Acknowledged by @U0BOB |');
    expect(stdout).not.toContain('<@');
    const uploaded = reportFiles()[0]?.content?.toString('utf8') ?? '';
    const ids: Record<string, string> = { alice: '@U0ALICE', bob: '@U0BOB', carol: '@U0CAROL' };
    expect(stdout).toBe(uploaded.replace(/\b(alice|bob|carol)\b/g, (name) => ids[name] ?? name));
  }, 40_000);

  it('says an unknown incident does not exist and exits 1', async () => {
    const { code, stdout, stderr } = await cli('inc-2026-0099', '--config', CONFIG);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`shipgate report: INC-2026-0099 does not exist in ${cliStoreArgs(h).location}\n`);
  }, 40_000);
});
