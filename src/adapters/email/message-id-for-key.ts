/** The right-hand side of every Message-ID Shipgate sends. */
const MESSAGE_ID_DOMAIN = 'shipgate';

/**
 * The Message-ID for a mail's side-effect key, e.g. `rollback:DEP-2026-0007` → `<rollback.DEP-2026-0007@shipgate>`:
 * every character outside letters, digits, `-`, `_`, `+` and `=` becomes a dot, runs of dots collapse and none
 * leads or trails (RFC 5322 dot-atom), so a retry of the same side effect carries the same id.
 */
export function messageIdForKey(key: string): string {
  const local = key
    .replace(/[^A-Za-z0-9_+=-]+/g, '.')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '');
  return `<${local || 'mail'}@${MESSAGE_ID_DOMAIN}>`;
}
