/** Longest evidence kept per item (the last characters of a command's output). */
export const EVIDENCE_MAX = 600;

/**
 * A check's output made safe to show anywhere: control characters (a binary blob, terminal escapes) become `?`,
 * tabs and newlines stay, and only the last {@link EVIDENCE_MAX} characters are kept.
 */
export function printableEvidence(text: string): string {
  const cleaned = text.replace(/[\p{Cc}\ufffd]/gu, (c) => (c === '\n' || c === '\t' ? c : '?')).trim();
  return cleaned.length > EVIDENCE_MAX ? `…${cleaned.slice(-EVIDENCE_MAX)}` : cleaned;
}
