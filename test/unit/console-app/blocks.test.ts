import { describe, expect, it } from 'vitest';
import { renderBlocks } from './render-helpers.js';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

describe('Block Kit renderer', () => {
  it('renders a header with its emoji', () => {
    const html = renderBlocks([{ type: 'header', text: plain(':rocket: Deploy checkout 2.5.4') }]);
    expect(html).toContain('<h3 class="bk-header">🚀 Deploy checkout 2.5.4</h3>');
    expect(html).toContain('data-testid="block-header"');
  });

  it('renders a section with text, fields and an accessory button', () => {
    const html = renderBlocks([
      {
        type: 'section',
        block_id: 'summary',
        text: mrkdwn('*Deploy* requested by <@U0ALICE>'),
        fields: [mrkdwn('*Service*\ncheckout'), mrkdwn('*Version*\n2.5.4')],
        accessory: { type: 'button', action_id: 'open', text: plain('Open'), value: 'DEP-1' },
      },
    ]);
    expect(html).toContain('<b>Deploy</b> requested by');
    expect(html).toContain('@alice');
    expect(html.match(/class="bk-field"/g)).toHaveLength(2);
    expect(html).toMatch(/<button[^>]*data-testid="action-open"[^>]*>Open<\/button>/);
  });

  it('renders a section accessory image as a link, loading nothing', () => {
    const html = renderBlocks([
      {
        type: 'section',
        text: mrkdwn('graph'),
        accessory: { type: 'image', image_url: 'https://example.com/g.png', alt_text: 'error rate' },
      },
    ]);
    expect(html).toContain('href="https://example.com/g.png"');
    expect(html).toContain('error rate');
    expect(html).not.toContain('<img');
  });

  it('renders context texts and images, and a divider', () => {
    const html = renderBlocks([
      {
        type: 'context',
        elements: [
          mrkdwn('requested _now_'),
          { type: 'image', image_url: 'https://x.test/a.png', alt_text: 'av' },
        ],
      },
      { type: 'divider' },
    ]);
    expect(html).toContain('<i>now</i>');
    expect(html).toContain('href="https://x.test/a.png"');
    expect(html).toContain('<hr class="bk-divider"/>');
  });

  it('renders actions: primary and danger buttons, a confirm marker, a static select and checkboxes', () => {
    const html = renderBlocks([
      {
        type: 'actions',
        block_id: 'decide',
        elements: [
          { type: 'button', action_id: 'approve', text: plain('Approve'), style: 'primary', value: 'D1' },
          {
            type: 'button',
            action_id: 'reject',
            text: plain('Reject'),
            style: 'danger',
            value: 'D1',
            confirm: {
              title: plain('Sure?'),
              text: plain('Really'),
              confirm: plain('Yes'),
              deny: plain('No'),
            },
          },
          {
            type: 'static_select',
            action_id: 'pick',
            placeholder: plain('Pick one'),
            options: [
              { text: plain('Blue'), value: 'blue' },
              { text: plain('Green'), value: 'green' },
            ],
            initial_option: { text: plain('Green'), value: 'green' },
          },
          {
            type: 'checkboxes',
            action_id: 'attest',
            options: [
              { text: plain('Runbook'), value: 'runbook' },
              { text: plain('Alerts'), value: 'alerts' },
            ],
            initial_options: [{ text: plain('Alerts'), value: 'alerts' }],
          },
        ],
      },
    ]);
    expect(html).toMatch(/class="bk-button primary"[^>]*data-testid="action-approve"/);
    expect(html).toMatch(/class="bk-button danger"[^>]*data-testid="action-reject"[^>]*data-confirm="true"/);
    expect(html).toContain('<option value="green" selected>Green</option>');
    expect(html).toMatch(/value="alerts" checked/);
    expect(html).not.toMatch(/value="runbook" checked/);
  });

  it('shows controls disabled when nothing receives the actions', async () => {
    const { h } = await import('preact');
    const { renderToString } = await import('preact-render-to-string');
    const { Blocks } = await import('../../../src/console/app/render/blocks.js');
    const { STATIC_CONTEXT } = await import('../../../src/console/app/render/render-context.js');
    const blocks = [{ type: 'actions', elements: [{ type: 'button', action_id: 'go', text: plain('Go') }] }];
    expect(renderToString(h(Blocks, { blocks, ctx: STATIC_CONTEXT }))).toMatch(/<button[^>]*disabled/);
  });

  it('renders an image block as a link with its title', () => {
    const html = renderBlocks([
      { type: 'image', image_url: 'https://x.test/p.png', alt_text: 'latency', title: plain('p99') },
    ]);
    expect(html).toContain('p99');
    expect(html).toContain('href="https://x.test/p.png"');
  });

  it('renders rich text: styled text, links, mentions, lists, code and quotes', () => {
    const html = renderBlocks([
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Hi ', style: { bold: true } },
              { type: 'user', user_id: 'U0ALICE' },
              { type: 'link', url: 'javascript:alert(1)', text: 'bad' },
              { type: 'link', url: 'https://ok.test', text: 'good' },
              { type: 'emoji', name: 'tada' },
            ],
          },
          {
            type: 'rich_text_list',
            style: 'ordered',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }],
          },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'npm start' }] },
          { type: 'rich_text_quote', elements: [{ type: 'text', text: 'quoted' }] },
        ],
      },
    ]);
    expect(html).toContain('<b>Hi </b>');
    expect(html).toContain('@alice');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://ok.test"');
    expect(html).toContain('🎉');
    expect(html).toContain('<ol><li><span>one</span></li></ol>');
    expect(html).toContain('<pre><code><span>npm start</span></code></pre>');
    expect(html).toContain('<blockquote><span>quoted</span></blockquote>');
  });

  it('renders a modal input block as a named form field with label, hint and optional marker', () => {
    const html = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'reason',
          label: plain('Reason'),
          hint: plain('Shown to the requester'),
          element: { type: 'plain_text_input', action_id: 'reason_input', multiline: true },
        },
        {
          type: 'input',
          block_id: 'color',
          optional: true,
          label: plain('Colour'),
          element: {
            type: 'static_select',
            action_id: 'pick',
            options: [{ text: plain('Blue'), value: 'b' }],
          },
        },
      ],
      { form: true },
    );
    expect(html).toMatch(/<label for="reason\/reason_input">Reason<\/label>/);
    expect(html).toMatch(/<textarea[^>]*name="reason\/reason_input"/);
    expect(html).toContain('Shown to the requester');
    expect(html).toContain('(optional)');
    expect(html).toMatch(/<select[^>]*name="color\/pick"/);
  });

  it('names block types it does not render instead of dropping them', () => {
    expect(renderBlocks([{ type: 'video', title: plain('x') }])).toContain('[video block]');
  });

  it('renders all of 50 blocks (the most a message holds)', () => {
    const blocks = Array.from({ length: 50 }, (_, i) => ({ type: 'section', text: mrkdwn(`block ${i}`) }));
    const html = renderBlocks(blocks);
    expect(html.match(/data-testid="block-section"/g)).toHaveLength(50);
    expect(html).toContain('block 49');
  });

  it('keeps a very long text whole, inside a wrapping container', () => {
    const long = 'x'.repeat(3000);
    const html = renderBlocks([{ type: 'section', text: mrkdwn(long) }]);
    expect(html).toContain(long);
    expect(html).toContain('class="bk-text"');
  });

  it('escapes <script>, <img onerror> and javascript: in every text slot', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(1)> <javascript:alert(1)|x>';
    const html = renderBlocks([
      { type: 'header', text: plain(evil) },
      { type: 'section', text: mrkdwn(evil), fields: [plain(evil)] },
      { type: 'context', elements: [mrkdwn(evil)] },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'a', text: plain(evil), url: 'javascript:alert(1)' }],
      },
      { type: 'image', image_url: 'javascript:alert(1)', alt_text: evil },
    ]);
    expect(html).not.toMatch(/<script|<img|href="javascript/);
  });
});
