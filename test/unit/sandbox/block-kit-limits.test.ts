import { describe, expect, it } from 'vitest';
import { checkBlocks, checkView } from '../../../src/sandbox/block-kit-limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (over: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'approve',
  text: { type: 'plain_text', text: 'Approve' },
  value: 'v',
  ...over,
});
const actions = (elements: unknown[]) => [{ type: 'actions', elements }];
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Approve deploy' },
  blocks: [],
  ...over,
});

describe('checkBlocks', () => {
  it('accepts 50 blocks in a message and refuses 51', () => {
    expect(
      checkBlocks(
        Array.from({ length: 50 }, () => ({ type: 'divider' })),
        'message',
      ),
    ).toEqual([]);
    expect(
      checkBlocks(
        Array.from({ length: 51 }, () => ({ type: 'divider' })),
        'message',
      ),
    ).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
  });

  it('allows 100 blocks in a modal but not 101', () => {
    expect(
      checkBlocks(
        Array.from({ length: 100 }, () => ({ type: 'divider' })),
        'modal',
      ),
    ).toEqual([]);
    expect(
      checkBlocks(
        Array.from({ length: 101 }, () => ({ type: 'divider' })),
        'modal',
      ),
    ).toHaveLength(1);
  });

  it('limits section text to 3000 characters, in Slack wording with a JSON pointer', () => {
    expect(checkBlocks([section('x'.repeat(3000))], 'message')).toEqual([]);
    expect(checkBlocks([section('x'.repeat(3001))], 'message')).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('limits an actions block to 25 elements', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => button({ action_id: `a${i}` }));
    expect(checkBlocks(actions(many(25)), 'message')).toEqual([]);
    expect(checkBlocks(actions(many(26)), 'message')).toEqual([
      '[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]',
    ]);
  });

  it('limits button value to 2000 and button text to 75 characters', () => {
    expect(checkBlocks(actions([button({ value: 'v'.repeat(2000) })]), 'message')).toEqual([]);
    expect(checkBlocks(actions([button({ value: 'v'.repeat(2001) })]), 'message')).toEqual([
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ]);
    const longText = button({ text: { type: 'plain_text', text: 't'.repeat(76) } });
    expect(checkBlocks(actions([longText]), 'message')).toEqual([
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ]);
  });

  it('limits action_id and block_id to 255 characters', () => {
    expect(checkBlocks(actions([button({ action_id: 'a'.repeat(256) })]), 'message')).toEqual([
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
    ]);
    expect(checkBlocks([{ type: 'divider', block_id: 'b'.repeat(256) }], 'message')).toEqual([
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    ]);
  });

  it('refuses duplicate block_ids, unknown block types, mrkdwn button text and empty section text', () => {
    const dup = [
      { type: 'divider', block_id: 'same' },
      { type: 'divider', block_id: 'same' },
    ];
    expect(checkBlocks(dup, 'message')).toEqual(['[ERROR] must be unique [json-pointer:/blocks/1/block_id]']);
    expect(checkBlocks([{ type: 'carousel' }], 'message')).toEqual([
      '[ERROR] unsupported type [json-pointer:/blocks/0/type]',
    ]);
    expect(checkBlocks(actions([button({ text: { type: 'mrkdwn', text: 'x' } })]), 'message')).toEqual([
      '[ERROR] must be one of plain_text [json-pointer:/blocks/0/elements/0/text/type]',
    ]);
    expect(checkBlocks([section('')], 'message')).toEqual([
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('checks buttons used as section accessories too', () => {
    const block = { ...section('hi'), accessory: button({ value: 'v'.repeat(2001) }) };
    expect(checkBlocks([block], 'message')).toEqual([
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/accessory/value]',
    ]);
  });

  it('refuses something that is not an array', () => {
    expect(checkBlocks({ type: 'section' }, 'message')).toEqual([
      '[ERROR] must provide an array [json-pointer:/blocks]',
    ]);
  });
});

describe('checkView', () => {
  it('accepts a modal within every limit', () => {
    const view = modal({
      submit: { type: 'plain_text', text: 'Submit' },
      close: { type: 'plain_text', text: 'Cancel' },
      private_metadata: 'm'.repeat(3000),
      blocks: [
        { type: 'input', label: { type: 'plain_text', text: 'Why' }, element: { type: 'plain_text_input' } },
      ],
    });
    expect(checkView(view)).toEqual([]);
  });

  it('limits modal title, submit and close to 24 characters', () => {
    const long = { type: 'plain_text', text: 'x'.repeat(25) };
    expect(checkView(modal({ title: long, submit: long, close: long }))).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
      '[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]',
      '[ERROR] must be less than 25 characters [json-pointer:/view/close/text]',
    ]);
  });

  it('limits private_metadata to 3000 characters', () => {
    expect(checkView(modal({ private_metadata: 'm'.repeat(3001) }))).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ]);
  });

  it('requires a title on modals and a submit button when there are input blocks', () => {
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'Why' },
      element: { type: 'plain_text_input' },
    };
    expect(checkView({ type: 'modal', blocks: [input] })).toEqual([
      '[ERROR] must provide an object [json-pointer:/view/title]',
      '[ERROR] must provide submit when using input blocks [json-pointer:/view/submit]',
    ]);
  });

  it('allows 100 blocks in a view and reports them under /view/blocks beyond that', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(checkView(modal({ blocks: blocks(100) }))).toEqual([]);
    expect(checkView(modal({ blocks: blocks(101) }))).toEqual([
      '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
  });
});
