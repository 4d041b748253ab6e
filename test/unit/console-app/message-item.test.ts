import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { ConsoleMessage } from '../../../src/console/app/console-api-types.js';
import { MessageItem } from '../../../src/console/app/message-item.js';
import { TEST_CONTEXT } from './render-helpers.js';

const gestures = { react: () => undefined, shortcut: () => undefined, shortcuts: [] };

function message(patch: Partial<ConsoleMessage>): ConsoleMessage {
  return {
    channel: 'C0DEPLOYS',
    ts: '1.000001',
    authorName: 'Shipgate',
    isBot: true,
    text: 'the report',
    ephemeral: false,
    edited: false,
    pinned: false,
    reactions: [],
    replies: [],
    ...patch,
  };
}

const render = (m: ConsoleMessage) =>
  renderToString(h(MessageItem, { message: m, ctx: () => TEST_CONTEXT, gestures }));

describe('a message with a shared file', () => {
  it('shows the file’s title, name and size and its text, as text', () => {
    const html = render(
      message({
        files: [
          {
            id: 'F1',
            title: 'Incident report INC-2026-0001',
            filename: 'INC-2026-0001-report.md',
            bytes: 42,
            text: '# Incident Report\n<script>alert(1)</script> <img src=x onerror=alert(2)>',
            truncated: false,
          },
        ],
      }),
    );
    expect(html).toContain('data-testid="file"');
    expect(html).toContain('Incident report INC-2026-0001');
    expect(html).toContain('INC-2026-0001-report.md · 42 bytes');
    expect(html).toContain('# Incident Report');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
  });

  it('says a cut text goes on, and shows a binary file by name only', () => {
    const cut = render(
      message({
        files: [{ id: 'F2', title: 'log', filename: 'log.txt', bytes: 300_000, text: 'a', truncated: true }],
      }),
    );
    expect(cut).toMatch(/a\s*\n…/);
    const binary = render(
      message({ files: [{ id: 'F3', title: 'graph', filename: 'graph.png', bytes: 10, truncated: false }] }),
    );
    expect(binary).toContain('graph.png · 10 bytes');
    expect(binary).not.toContain('data-testid="file-text"');
  });
});
