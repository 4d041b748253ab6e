import type { KnownBlock, PlainTextOption } from '@slack/types';

/**
 * An actions block holding one checkboxes element (Slack allows ten options per element): `ticked` are shown
 * ticked. The block id names what the boxes belong to; the click handler reads it back, never trusting it for roles.
 */
export function checkboxGroup(
  blockId: string,
  actionId: string,
  options: readonly PlainTextOption[],
  ticked: readonly PlainTextOption[],
): KnownBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      {
        type: 'checkboxes',
        action_id: actionId,
        options: options.slice(0, 10),
        ...(ticked.length > 0 ? { initial_options: [...ticked] } : {}),
      },
    ],
  };
}
