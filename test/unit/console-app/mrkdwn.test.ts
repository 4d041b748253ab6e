import { describe, expect, it } from 'vitest';
import { renderMrkdwn } from './render-helpers.js';

describe('mrkdwn renderer', () => {
  it('renders bold, italic, strike and inline code', () => {
    const html = renderMrkdwn('*bold* _italic_ ~gone~ `code`');
    expect(html).toContain('<b>bold</b>');
    expect(html).toContain('<i>italic</i>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toContain('<code>code</code>');
  });

  it('leaves markers inside words alone', () => {
    expect(renderMrkdwn('snake_case_name and 2*3*4')).not.toMatch(/<i>|<b>/);
  });

  it('renders code blocks without formatting inside them', () => {
    const html = renderMrkdwn('before\n```\nconst *x* = 1;\n```\nafter');
    expect(html).toContain('<pre><code>const *x* = 1;\n</code></pre>');
  });

  it('groups quoted lines into a blockquote', () => {
    const html = renderMrkdwn('&gt; first\n&gt; second\nplain');
    expect(html).toMatch(/<blockquote>first<br\/?>second<\/blockquote>/);
    expect(html).toContain('plain');
  });

  it('links http, https and mailto URLs with their labels', () => {
    const html = renderMrkdwn(
      '<https://example.com/a?b=1&amp;c=2|the runbook> <mailto:ops@example.com|mail>',
    );
    expect(html).toContain('href="https://example.com/a?b=1&amp;c=2"');
    expect(html).toContain('>the runbook</a>');
    expect(html).toContain('href="mailto:ops@example.com"');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('shows javascript: and data: links as text, never as links', () => {
    const html = renderMrkdwn('<javascript:alert(1)|click me> <data:text/html,hi|data>');
    expect(html).not.toContain('href');
    expect(html).not.toContain('javascript:alert');
    expect(html).toContain('click me');
  });

  it('shows <script> and <img onerror> as text', () => {
    const html = renderMrkdwn(
      '<script>alert(1)</script> &lt;img src=x onerror=alert(1)&gt; <img src=x onerror=alert(2)>',
    );
    expect(html).not.toMatch(/<script|<img/);
    // Text nodes: the `<` is escaped, so the browser shows the characters and runs nothing.
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)>');
    expect(html).toContain('&lt;img src=x onerror=alert(2)>');
  });

  it('shows user and channel mentions by name', () => {
    const html = renderMrkdwn('<@U0ALICE> in <#C0DEPLOYS> and <#C0OTHER|other>, <@U0NOBODY>');
    expect(html).toContain('@alice');
    expect(html).toContain('#deploys');
    expect(html).toContain('#other');
    expect(html).toContain('@U0NOBODY');
  });

  it('shows <!here>, <!channel> and <!everyone> as text', () => {
    const html = renderMrkdwn('<!here> <!channel> <!everyone>');
    expect(html).toContain('@here');
    expect(html).toContain('@channel');
    expect(html).toContain('@everyone');
  });

  it("renders <!date^…> tokens in the viewer's zone and falls back on a bad token", () => {
    const epoch = Date.UTC(2026, 2, 9, 14, 5, 0) / 1000;
    expect(renderMrkdwn(`<!date^${epoch}^{date_num} {time}|fallback>`)).toContain('2026-03-09 2:05 PM');
    expect(renderMrkdwn(`<!date^${epoch}^{date_short} ({ago})|fallback>`)).toContain(
      'Mar 9, 2026 (22 hours ago)',
    );
    expect(renderMrkdwn(`<!date^${epoch}^{nonsense}|the fallback>`)).toContain('the fallback');
  });

  it('shows emoji shortcodes as emoji and unknown ones as written', () => {
    const html = renderMrkdwn(':white_check_mark: :rocket: :no_such_emoji_here:');
    expect(html).toContain('✅');
    expect(html).toContain('🚀');
    expect(html).toContain(':no_such_emoji_here:');
  });
});
