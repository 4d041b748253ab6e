import { describe, expect, it } from 'vitest';
import { messageIdForKey } from '../../../../src/adapters/email/message-id-for-key.js';

describe('messageIdForKey', () => {
  it('turns the key into the local part, a colon becoming a dot', () => {
    expect(messageIdForKey('rollback:DEP-2026-0007')).toBe('<rollback.DEP-2026-0007@shipgate>');
  });

  it('replaces runs of other characters with one dot and trims dots at either end', () => {
    expect(messageIdForKey(' <watch: a@b>\r\n"x" ')).toBe('<watch.a.b.x@shipgate>');
  });

  it('keeps letters, digits and - _ + =', () => {
    expect(messageIdForKey('a-b_c+d=e9')).toBe('<a-b_c+d=e9@shipgate>');
  });

  it('falls back to a fixed local part for a key with no usable character', () => {
    expect(messageIdForKey('::')).toBe('<mail@shipgate>');
  });
});
