import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

let h: DeployHarness;
const HOSTILE = '<!channel> Checkout <https://evil.example|bank> & <@U0ZED>';
const ESCAPED = '&lt;!channel&gt; Checkout &lt;https://evil.example|bank&gt; &amp; &lt;@U0ZED&gt;';
/** What would ping, mention or disguise a link if it reached Slack unescaped. */
const LIVE_MARKUP = ['<!channel>', '<!here>', '<!everyone>', '<https://evil', '<@U0ZED>'];

let id = '';
let channel = '';
const acks: string[] = [];

async function incident(user: string, text: string, where = channel): Promise<string> {
  const result = await h.slack.command({ user, command: '/incident', text, channel: where });
  await h.settle();
  const ack = JSON.stringify(result.ack);
  acks.push(ack);
  return ack;
}

/** Every mrkdwn text in a Slack payload (plain_text is never parsed for mentions or links, so it is left out). */
function mrkdwnIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      return mrkdwnIn(JSON.parse(value), out);
    } catch {
      return out;
    }
  }
  if (Array.isArray(value)) for (const item of value) mrkdwnIn(item, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.type === 'plain_text') return out;
    for (const [key, field] of Object.entries(record)) {
      if (typeof field === 'string' && ['text', 'topic', 'initial_comment'].includes(key)) out.push(field);
      else mrkdwnIn(field, out);
    }
  }
  return out;
}

/** Everything the bot sent to Slack as mrkdwn: Web API arguments and command acknowledgements. */
const sentToSlack = () => [
  ...h.slack.calls.flatMap((c) => mrkdwnIn(c.args)),
  ...acks.flatMap((ack) => mrkdwnIn(JSON.parse(ack))),
];
/** What was posted in a channel named by id or `#name` (Shipgate posts by id once it has looked the name up). */
const postsIn = (where: string) => {
  const id = h.slack.state.findChannel(where)?.id;
  return h.slack.calls
    .filter((c) => c.method === 'chat.postMessage' && (c.args.channel === where || c.args.channel === id))
    .map((c) => String(c.args.text));
};

beforeAll(async () => {
  h = await startDeployHarness();
  h.clock.set('2026-11-24T09:00:00Z');
  const declared = await incident('U0BOB', `declare SEV-1 ${HOSTILE} --service checkout`, 'C0DEPLOYS');
  id = /INC-\d{4}-\d{4}/.exec(declared)?.[0] ?? '';
  channel = (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '';
  await incident('U0BOB', 'ack');
  await incident('U0BOB', 'update <!here> still failing, see <https://evil.example|status>');
  await incident('U0BOB', 'note Root cause: <!everyone> an expired certificate');
  h.clock.set('2026-11-24T09:00:37Z');
  await incident('U0BOB', 'resolve <!channel> rotated the certificate');
  await incident('U0BOB', 'report');
  await seedProductionVersion(h, 'checkout', '1.0.0', 'blue');
  const deploy = await h.deploy('U0ALICE', 'checkout 1.0.1');
  await h.reject(
    'U0BOB',
    /DEP-\d{4}-\d{4}/.exec(deploy)?.[0] ?? '',
    '<!channel> not before <https://evil.example|the freeze>',
  );
}, 60_000);
afterAll(async () => {
  await h.stop();
});

describe('text people write', () => {
  it('never reaches Slack as live markup: no ping, no mention, no disguised link', () => {
    expect(channel).not.toBe('');
    const sent = sentToSlack();
    expect(sent.filter((text) => text.includes(ESCAPED)).length).toBeGreaterThan(5);
    const leaks = sent.filter((text) => LIVE_MARKUP.some((markup) => text.includes(markup)));
    expect(leaks).toEqual([]);
  });

  it('is shown escaped in the internal alert, while Shipgate’s own mention and channel link render', () => {
    const alert = postsIn(channel).find((t) => t.startsWith('INCIDENT ALERT'));
    expect(alert).toContain(`Impact: ${ESCAPED}`);
    expect(alert).toContain('Investigating: <@U0BOB> (incident commander)');
    expect(alert).toContain(`Join incident channel: <#${channel}>`);
  });

  it('is escaped in the topic, the card, the announcement, updates and the resolution notice', async () => {
    const topic = h.slack.calls.find(
      (c) => c.method === 'conversations.setTopic' && c.args.channel === channel,
    );
    expect(String(topic?.args.topic)).toContain(`IC <@U0BOB> · ${id}: ${ESCAPED}`);
    const card = await h.shipgate.sync.ref('incident-card', id);
    const cardText = card?.ts ? (h.slack.state.message(card.channel, card.ts)?.text ?? '') : '';
    expect(cardText).toContain(ESCAPED);
    expect(postsIn('#incidents').join('\n')).toContain(
      `${ESCAPED} — commander <@U0BOB>. Join <#${channel}>.`,
    );
    expect(postsIn(channel).join('\n')).toContain(
      '*Status update* from <@U0BOB>: &lt;!here&gt; still failing, see &lt;https://evil.example|status&gt;',
    );
    const resolution = postsIn(channel).find((t) => t.startsWith('RESOLVED'));
    expect(resolution).toContain('Root Cause: &lt;!everyone&gt; an expired certificate');
    expect(resolution).toContain('Duration: 37 seconds');
  });

  it('is escaped in the timeline, and a reject reason in the deploy thread and the requester’s notice', async () => {
    const timeline = await incident('U0BOB', 'timeline');
    expect(timeline).toContain('Root cause identified: &lt;!everyone&gt; an expired certificate');
    const rejected = (await h.shipgate.runtime.deploys.recent(1))[0];
    const thread = (await h.thread(rejected?.id ?? '')).join('\n');
    expect(thread).toContain(
      'Rejected by <@U0BOB>: &lt;!channel&gt; not before &lt;https://evil.example|the freeze&gt;',
    );
  });

  it('is made inert in the uploaded report, which names people by display name and agrees on the duration', () => {
    const file = [...h.slack.state.files.values()].find(
      (f) => f.filename === `${id}-report.md` && f.completed,
    );
    const markdown = file?.content?.toString('utf8') ?? '';
    expect(markdown).toContain('- Duration: 37 seconds');
    expect(markdown).toContain('Root cause identified: &lt;!everyone&gt; an expired certificate');
    expect(markdown).toContain(
      'Status update by bob: &lt;!here&gt; still failing, see &lt;https://evil.example\\|status&gt;',
    );
    expect(markdown).not.toMatch(/<@|<!|<https/);
  });
});
