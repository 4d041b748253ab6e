import type { VNode } from 'preact';
import { Element, type ElementPlace, ImageLink } from './elements.js';
import { Mrkdwn, plainText, TextObject } from './mrkdwn.js';
import type { RenderContext } from './render-context.js';
import { RichText } from './rich-text.js';

type Block = Record<string, unknown>;

function blockIdOf(block: Block, index: number): string {
  return typeof block.block_id === 'string' ? block.block_id : `block-${index}`;
}

function Section(props: { block: Block; place: ElementPlace }): VNode {
  const { block, place } = props;
  const fields = Array.isArray(block.fields) ? block.fields : [];
  return (
    <div class="bk-section-body">
      <div class="bk-section-main">
        {block.text !== undefined && (
          <div class="bk-text">
            <TextObject text={block.text} ctx={place.ctx} />
          </div>
        )}
        {fields.length > 0 && (
          <div class="bk-fields">
            {fields.map((field, i) => (
              <div key={i} class="bk-field">
                <TextObject text={field} ctx={place.ctx} />
              </div>
            ))}
          </div>
        )}
      </div>
      {block.accessory !== undefined && (
        <div class="bk-accessory">
          <Element element={block.accessory} place={place} />
        </div>
      )}
    </div>
  );
}

function Input(props: { block: Block; place: ElementPlace }): VNode {
  const { block, place } = props;
  const element = (block.element ?? {}) as Record<string, unknown>;
  const fieldId = `${place.blockId}/${String(element.action_id ?? '')}`;
  const labelText = plainText(String((block.label as { text?: unknown } | undefined)?.text ?? ''));
  return (
    <div class="bk-input-block">
      <label for={fieldId}>
        {labelText}
        {block.optional === true && <span class="optional"> (optional)</span>}
      </label>
      <Element element={element} place={{ ...place, inForm: true }} />
      {block.hint !== undefined && (
        <small class="hint">
          <TextObject text={block.hint} ctx={place.ctx} />
        </small>
      )}
    </div>
  );
}

function BlockBody(props: { block: Block; place: ElementPlace }): VNode {
  const { block, place } = props;
  const elements = Array.isArray(block.elements) ? block.elements : [];
  switch (block.type) {
    case 'header':
      return <h3 class="bk-header">{plainText(String((block.text as { text?: unknown })?.text ?? ''))}</h3>;
    case 'section':
      return <Section block={block} place={place} />;
    case 'context':
      return (
        <div class="bk-context">
          {elements.map((element, i) =>
            (element as Block).type === 'image' ? (
              <ImageLink key={i} element={element as Block} />
            ) : (
              <TextObject key={i} text={element} ctx={place.ctx} />
            ),
          )}
        </div>
      );
    case 'divider':
      return <hr class="bk-divider" />;
    case 'actions':
      return (
        <div class="bk-actions">
          {elements.map((element, i) => (
            <Element key={i} element={element} place={place} />
          ))}
        </div>
      );
    case 'image':
      return (
        <div class="bk-image-block">
          {block.title !== undefined && <TextObject text={block.title} ctx={place.ctx} />}{' '}
          <ImageLink element={block} />
        </div>
      );
    case 'rich_text':
      return <RichText block={block} ctx={place.ctx} />;
    case 'input':
      return <Input block={block} place={place} />;
    case 'markdown':
      return <Mrkdwn text={String(block.text ?? '')} ctx={place.ctx} />;
    default:
      return <div class="bk-unsupported">[{String(block.type ?? 'unknown')} block]</div>;
  }
}

/**
 * Block Kit blocks (header, section with fields and accessory, context, divider, actions, image, rich_text,
 * input) as Preact elements. Interactive elements report to `ctx.onAction`; in a modal (`form`) inputs are
 * named `block_id/action_id` for the form to collect.
 */
export function Blocks(props: { blocks: unknown; ctx: RenderContext; form?: boolean }): VNode {
  const blocks = Array.isArray(props.blocks) ? (props.blocks as Block[]) : [];
  return (
    <div class="bk-blocks">
      {blocks.map((block, i) => {
        const blockId = blockIdOf(block, i);
        const type = String(block.type ?? 'unknown');
        return (
          <div
            key={blockId}
            class={`bk-block bk-${type}`}
            data-testid={`block-${type}`}
            data-block-id={blockId}
          >
            <BlockBody block={block} place={{ blockId, inForm: props.form === true, ctx: props.ctx }} />
          </div>
        );
      })}
    </div>
  );
}
