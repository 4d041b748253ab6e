import type { ComponentChildren, VNode } from 'preact';
import { emojiFor } from './emoji.js';
import type { RenderContext } from './render-context.js';
import { safeHref } from './safe-url.js';
import { formatSlackDate } from './slack-date.js';

type Node = Record<string, unknown>;

function styledText(node: Node, children: ComponentChildren, key: number): ComponentChildren {
  const style = (node.style ?? {}) as Record<string, boolean>;
  let out = children;
  if (style.code) out = <code>{out}</code>;
  if (style.bold) out = <b>{out}</b>;
  if (style.italic) out = <i>{out}</i>;
  if (style.strike) out = <s>{out}</s>;
  return <span key={key}>{out}</span>;
}

function inline(node: Node, ctx: RenderContext, key: number): ComponentChildren {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (node.type) {
    case 'text':
      return styledText(node, str(node.text), key);
    case 'link': {
      const href = safeHref(node.url);
      const shown = str(node.text) || str(node.url);
      return styledText(
        node,
        href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {shown}
          </a>
        ) : (
          shown
        ),
        key,
      );
    }
    case 'user':
      return (
        <span key={key} class="mention">
          @{ctx.userName(str(node.user_id)) ?? str(node.user_id)}
        </span>
      );
    case 'channel':
      return (
        <span key={key} class="mention">
          #{ctx.channelName(str(node.channel_id)) ?? str(node.channel_id)}
        </span>
      );
    case 'usergroup':
      return (
        <span key={key} class="mention">
          @{str(node.usergroup_id)}
        </span>
      );
    case 'broadcast':
      return (
        <span key={key} class="mention broadcast">
          @{str(node.range)}
        </span>
      );
    case 'emoji':
      return emojiFor(str(node.name)) ?? `:${str(node.name)}:`;
    case 'date':
      return (
        formatSlackDate(String(node.timestamp), str(node.format), {
          timeZone: ctx.timeZone,
          now: ctx.now?.(),
        }) ?? str(node.fallback)
      );
    default:
      return null;
  }
}

function inlines(node: Node, ctx: RenderContext): ComponentChildren[] {
  const elements = Array.isArray(node.elements) ? (node.elements as Node[]) : [];
  return elements.map((child, i) => inline(child, ctx, i));
}

function part(node: Node, ctx: RenderContext, key: number): VNode | null {
  switch (node.type) {
    case 'rich_text_section':
      return <div key={key}>{inlines(node, ctx)}</div>;
    case 'rich_text_preformatted':
      return (
        <pre key={key}>
          <code>{inlines(node, ctx)}</code>
        </pre>
      );
    case 'rich_text_quote':
      return <blockquote key={key}>{inlines(node, ctx)}</blockquote>;
    case 'rich_text_list': {
      const items = (Array.isArray(node.elements) ? (node.elements as Node[]) : []).map((item, i) => (
        <li key={i}>{inlines(item, ctx)}</li>
      ));
      return node.style === 'ordered' ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    default:
      return null;
  }
}

/** A `rich_text` block: sections, lists, preformatted text and quotes with styled text, links and mentions. */
export function RichText(props: { block: Node; ctx: RenderContext }): VNode {
  const elements = Array.isArray(props.block.elements) ? (props.block.elements as Node[]) : [];
  return <div class="bk-rich-text">{elements.map((node, i) => part(node, props.ctx, i))}</div>;
}
