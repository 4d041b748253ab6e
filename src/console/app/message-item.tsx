import type { VNode } from 'preact';
import type { ConsoleFile, ConsoleMessage, ConsoleShortcut } from './console-api-types.js';
import { Blocks } from './render/blocks.js';
import { emojiFor } from './render/emoji.js';
import { Mrkdwn } from './render/mrkdwn.js';
import type { RenderContext } from './render/render-context.js';

/** The reactions the console offers on every message (📌 pins a deploy or incident message). */
export const QUICK_REACTIONS = ['pushpin', 'eyes', 'white_check_mark', '+1'] as const;

/** What a person can do to a message besides its own buttons. */
export interface MessageGestures {
  readonly react: (message: ConsoleMessage, name: string) => void;
  readonly shortcut: (message: ConsoleMessage, shortcut: ConsoleShortcut) => void;
  readonly shortcuts: readonly ConsoleShortcut[];
}

function Attachments(props: { attachments: unknown[]; ctx: RenderContext }): VNode {
  return (
    <div class="attachments">
      {props.attachments.map((raw, i) => {
        const a = raw as { color?: string; text?: string; blocks?: unknown[]; fallback?: string };
        return (
          <div key={i} class="attachment">
            {a.blocks ? (
              <Blocks blocks={a.blocks} ctx={props.ctx} />
            ) : (
              <Mrkdwn text={a.text ?? a.fallback ?? ''} ctx={props.ctx} />
            )}
          </div>
        );
      })}
    </div>
  );
}

/** A shared file: its title, and its text in a scrollable block (a report reads as it does in Slack's preview). */
function SharedFile(props: { file: ConsoleFile }): VNode {
  const { file } = props;
  return (
    <details class="file" data-testid="file" open={file.text !== undefined}>
      <summary>
        📄 <strong>{file.title}</strong>{' '}
        <span class="muted">
          {file.filename} · {file.bytes} bytes
        </span>
      </summary>
      {file.text !== undefined && (
        <pre class="file-text" data-testid="file-text">
          {file.text}
          {file.truncated ? '\n…' : ''}
        </pre>
      )}
    </details>
  );
}

/** One message: author, "only visible to you", blocks (or text), reactions, gestures and its thread. */
export function MessageItem(props: {
  message: ConsoleMessage;
  ctx: (message: ConsoleMessage) => RenderContext;
  gestures: MessageGestures;
  reply?: boolean;
}): VNode {
  const { message, gestures } = props;
  const ctx = props.ctx(message);
  const hasBlocks = Array.isArray(message.blocks) && message.blocks.length > 0;
  return (
    <article
      class={`message${message.ephemeral ? ' ephemeral' : ''}${props.reply ? ' reply' : ''}`}
      data-testid="message"
      data-ts={message.ts}
      aria-label={`Message from ${message.authorName}`}
    >
      <header class="message-head">
        <strong>{message.authorName}</strong>
        {message.isBot && <span class="badge">APP</span>}
        {message.pinned && (
          <span class="badge" data-testid="pinned">
            📌 pinned
          </span>
        )}
        {message.edited && <span class="muted">(edited)</span>}
        {message.ephemeral && (
          <span class="badge ephemeral-note" data-testid="ephemeral-note">
            Only visible to you
          </span>
        )}
      </header>
      <div class="message-body wrap">
        {hasBlocks ? <Blocks blocks={message.blocks} ctx={ctx} /> : <Mrkdwn text={message.text} ctx={ctx} />}
        {message.attachments && <Attachments attachments={message.attachments} ctx={ctx} />}
        {message.files?.map((f) => (
          <SharedFile key={f.id} file={f} />
        ))}
      </div>
      {message.reactions.length > 0 && (
        <ul class="reactions" aria-label="Reactions">
          {message.reactions.map((r) => (
            <li key={r.name} class={r.mine ? 'mine' : ''} data-testid={`reaction-${r.name}`}>
              {emojiFor(r.name) ?? `:${r.name}:`} {r.count}
            </li>
          ))}
        </ul>
      )}
      {!message.ephemeral && (
        <div class="message-tools" role="toolbar" aria-label="Message actions">
          {QUICK_REACTIONS.map((name) => (
            <button
              key={name}
              type="button"
              class="tool"
              data-testid={`react-${name}`}
              aria-label={`React with :${name}:`}
              title={`React with :${name}:`}
              disabled={message.reactions.some((r) => r.name === name && r.mine)}
              onClick={() => gestures.react(message, name)}
            >
              {emojiFor(name)}
            </button>
          ))}
          {gestures.shortcuts.map((s) => (
            <button
              key={s.callbackId}
              type="button"
              class="tool"
              data-testid={`shortcut-${s.callbackId}`}
              onClick={() => gestures.shortcut(message, s)}
            >
              {s.name}
            </button>
          ))}
        </div>
      )}
      {message.replies.length > 0 && (
        <section class="thread" data-testid="thread" aria-label={`Thread, ${message.replies.length} replies`}>
          {message.replies.map((reply) => (
            <MessageItem key={reply.ts} message={reply} ctx={props.ctx} gestures={gestures} reply={true} />
          ))}
        </section>
      )}
    </article>
  );
}
