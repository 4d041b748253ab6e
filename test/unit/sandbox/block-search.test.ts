import { describe, expect, it } from 'vitest';
import { withSlackIds } from '../../../src/sandbox/block-ids.js';
import { buildStateValues, findAction, selectionFor } from '../../../src/sandbox/block-search.js';

const option = (value: string) => ({ text: { type: 'plain_text', text: value.toUpperCase() }, value });
const input = (blockId: string, element: Record<string, unknown>, optional = false) => ({
  type: 'input',
  block_id: blockId,
  optional,
  label: { type: 'plain_text', text: blockId },
  element,
});
const blocks = [
  input('reason', { type: 'plain_text_input', action_id: 'text' }),
  input('env', {
    type: 'static_select',
    action_id: 'pick',
    options: [option('staging'), option('production')],
  }),
  input('notify', { type: 'multi_users_select', action_id: 'who' }, true),
];

describe('buildStateValues', () => {
  it('reports every input element in Slack’s shape, empty optional ones as empty', () => {
    const values = buildStateValues(blocks, { reason: { text: 'hotfix' }, env: { pick: 'production' } });
    expect(values).toEqual({
      reason: { text: { type: 'plain_text_input', value: 'hotfix' } },
      env: { pick: { type: 'static_select', selected_option: option('production') } },
      notify: { who: { type: 'multi_users_select', selected_users: [] } },
    });
  });

  it('refuses to submit with a required input left empty, as Slack’s client does', () => {
    expect(() => buildStateValues(blocks, { env: { pick: 'staging' } })).toThrow(/input reason is required/);
  });

  it('refuses input for an element the view does not have', () => {
    expect(() =>
      buildStateValues(blocks, { reason: { text: 'x' }, env: { pick: 'staging' }, ghost: { a: 'b' } }),
    ).toThrow(/no element ghost\/a/);
  });

  it('refuses an option value the select does not offer', () => {
    expect(() => buildStateValues(blocks, { reason: { text: 'x' }, env: { pick: 'prod' } })).toThrow(
      /no option/,
    );
  });
});

describe('findAction and selectionFor', () => {
  it('finds a button by action_id in an actions block or a section accessory', () => {
    const posted = [
      {
        type: 'section',
        block_id: 's',
        text: { type: 'mrkdwn', text: 'x' },
        accessory: { type: 'button', action_id: 'more' },
      },
      { type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'approve' }] },
    ];
    expect(findAction(posted, 'approve')?.blockId).toBe('a');
    expect(findAction(posted, 'more')?.blockId).toBe('s');
    expect(findAction(posted, 'reject')).toBeUndefined();
  });

  it('reports users, dates and lists the way Slack names them', () => {
    expect(selectionFor({ type: 'users_select' }, 'U0BOB')).toEqual({ selected_user: 'U0BOB' });
    expect(selectionFor({ type: 'datepicker' }, '2026-12-01')).toEqual({ selected_date: '2026-12-01' });
    expect(selectionFor({ type: 'checkboxes', options: [option('a'), option('b')] }, ['a', 'b'])).toEqual({
      selected_options: [option('a'), option('b')],
    });
  });
});

describe('withSlackIds', () => {
  it('fills in missing block_ids and action_ids, stable across runs, and keeps given ones', () => {
    const raw = [
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' } }] },
      { type: 'divider', block_id: 'mine' },
    ];
    const first = withSlackIds(raw) as { block_id?: string; elements?: { action_id?: string }[] }[];
    expect(first[0]?.block_id).toMatch(/^[\w-]{5}$/);
    expect(first[0]?.elements?.[0]?.action_id).toMatch(/^[\w-]{5}$/);
    expect(first[1]?.block_id).toBe('mine');
    expect(withSlackIds(raw)).toEqual(first);
    expect(raw[0]).not.toHaveProperty('block_id');
  });
});
