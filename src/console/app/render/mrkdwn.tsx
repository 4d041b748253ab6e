import type { ComponentChildren, VNode } from 'preact';
import { emojiFor } from './emoji.js';
import type { RenderContext } from './render-context.js';
import { safeHref } from './safe-url.js';
import { formatSlackDate } from './slack-date.js';

/** Slack escapes these three in message text; the renderer shows them as the characters (as text, never HTML). */
export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const WORD = '[\\p{L}\\p{N}]';
function styled(mark: string): string {
  const m = mark === '*' ? '\\*' : mark;
  return `(?<!${WORD}|${m})${m}(?!\\s)([^${m}\\n]+?)(?<!\\s)${m}(?!${WORD}|${m})`;
}

/** One inline token: `<…>` specials, `code`, *bold*, _italic_, ~strike~, :emoji:. */
const INLINE = new RegExp(
  [
    '<([^<>\\n]+)>',
    '`([^`\\n]+)`',
    styled('*'),
    styled('_'),
    styled('~'),
    ":([a-z0-9_+'-]+(?:::skin-tone-\\d)?):",
  ].join('|'),
  'gu',
);

/** A text node with Slack's entities decoded; Preact escapes it, so `<script>` stays text. */
function text(value: string): string {
  return decodeEntities(value);
}

/** Renders a `<@U…>`, `<#C…>`, `<!here>`, `<!date^…>` or link token. */
function special(body: string, ctx: RenderContext, key: number): ComponentChildren {
  const [target = '', ...rest] = body.split('|');
  const label = rest.join('|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = ctx.userName(id) ?? (label || id);
    return (
      <span key={key} class="mention" data-user-id={id}>
        @{name}
      </span>
    );
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = ctx.channelName(id) ?? (label || id);
    return (
      <span key={key} class="mention" data-channel-id={id}>
        #{name}
      </span>
    );
  }
  if (target.startsWith('!')) return command(target.slice(1), label, ctx, key);
  const href = safeHref(decodeEntities(target));
  if (href) {
    return (
      <a key={key} href={href} target="_blank" rel="noopener noreferrer">
        {text(label || target)}
      </a>
    );
  }
  // Not a link Slack would make (or a scheme the console never links, such as javascript:): plain text.
  return label ? text(label) : `<${text(body)}>`;
}

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^…|@handle>` and `<!date^epoch^format|fallback>`. */
function command(body: string, label: string, ctx: RenderContext, key: number): ComponentChildren {
  if (body === 'here' || body === 'channel' || body === 'everyone') {
    return (
      <span key={key} class="mention broadcast">
        @{body}
      </span>
    );
  }
  const [kind, ...args] = body.split('^');
  if (kind === 'subteam') {
    return (
      <span key={key} class="mention">
        {text(label || `@${args[0] ?? ''}`)}
      </span>
    );
  }
  if (kind === 'date') {
    const [epoch = '', format = '', link] = args;
    const formatted = formatSlackDate(epoch, format, { timeZone: ctx.timeZone, now: ctx.now?.() });
    const shown = formatted ?? text(label);
    const href = safeHref(link);
    return (
      <time key={key} class="slack-date" data-epoch={epoch}>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {shown}
          </a>
        ) : (
          shown
        )}
      </time>
    );
  }
  return text(label || `<!${body}>`);
}

/** Inline mrkdwn of one line to Preact children. */
export function renderInline(line: string, ctx: RenderContext): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  let key = 0;
  for (const match of line.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text(line.slice(last, index)));
    last = index + match[0].length;
    key += 1;
    const [, angle, code, bold, italic, strike, emoji] = match;
    if (angle !== undefined) out.push(special(angle, ctx, key));
    else if (code !== undefined) out.push(<code key={key}>{text(code)}</code>);
    else if (bold !== undefined) out.push(<b key={key}>{renderInline(bold, ctx)}</b>);
    else if (italic !== undefined) out.push(<i key={key}>{renderInline(italic, ctx)}</i>);
    else if (strike !== undefined) out.push(<s key={key}>{renderInline(strike, ctx)}</s>);
    else if (emoji !== undefined) {
      const char = emojiFor(emoji);
      out.push(
        char ? (
          <span key={key} class="emoji" title={`:${emoji}:`}>
            {char}
          </span>
        ) : (
          `:${emoji}:`
        ),
      );
    }
  }
  if (last < line.length) out.push(text(line.slice(last)));
  return out;
}

/** Lines of text (quotes grouped) with `<br>` between them. */
function renderLines(chunk: string, ctx: RenderContext, keyBase: number): VNode[] {
  const nodes: VNode[] = [];
  const lines = chunk.split('\n');
  let i = 0;
  while (i < lines.length) {
    const quoted = /^(>|&gt;) ?/;
    const group: string[] = [];
    const isQuote = quoted.test(lines[i] ?? '');
    while (i < lines.length && quoted.test(lines[i] ?? '') === isQuote) {
      group.push(isQuote ? (lines[i] ?? '').replace(quoted, '') : (lines[i] ?? ''));
      i += 1;
    }
    const inner = group.flatMap((line, n) => [
      ...(n > 0 ? [<br key={`br${n}`} />] : []),
      ...renderInline(line, ctx),
    ]);
    const key = `${keyBase}-${nodes.length}`;
    nodes.push(
      isQuote ? (
        <blockquote key={key}>{inner}</blockquote>
      ) : (
        <span key={key} class="mrkdwn-lines">
          {inner}
        </span>
      ),
    );
  }
  return nodes;
}

/**
 * Slack mrkdwn (bold, italic, strike, code, code blocks, quotes, links, mentions, date tokens, emoji) rendered as
 * Preact elements. Everything is text: nothing the message holds becomes HTML, and only http, https and mailto
 * URLs are linked.
 */
export function Mrkdwn(props: { text: string; ctx: RenderContext }): VNode {
  const parts = props.text.split('```');
  const children = parts.map((part, n) =>
    n % 2 === 1 && n < parts.length - 1 ? (
      <pre key={n}>
        <code>{text(part.replace(/^\n/, ''))}</code>
      </pre>
    ) : (
      renderLines(n % 2 === 1 ? `\`\`\`${part}` : part, props.ctx, n)
    ),
  );
  return <span class="mrkdwn">{children}</span>;
}

/** A Block Kit text object: mrkdwn through `Mrkdwn`, plain_text as text with its emoji shortcodes shown. */
export function TextObject(props: { text: unknown; ctx: RenderContext }): VNode | null {
  const object = props.text as { type?: string; text?: unknown; emoji?: boolean } | undefined;
  if (!object || typeof object.text !== 'string') return null;
  if (object.type === 'mrkdwn') return <Mrkdwn text={object.text} ctx={props.ctx} />;
  return <span class="plain-text">{plainText(object.text, object.emoji !== false)}</span>;
}

/** Plain text with its `:shortcode:` emoji replaced when `emoji` is on (Slack's default). */
export function plainText(value: string, emoji = true): string {
  return emoji ? value.replace(/:([a-z0-9_+'-]+):/g, (all, name: string) => emojiFor(name) ?? all) : value;
}
