import { characterName } from './character-names.js';

/** A character that does not show as itself: invisible (zero-width, bidi, odd spaces), a control, or invalid. */
export interface HiddenCharacter {
  readonly codePoint: number;
  readonly kind: 'invisible' | 'control' | 'invalid';
  /** Where it is, counting characters from 1. */
  readonly position: number;
}

/**
 * Anything a word must not hold: controls (C0, DEL, C1 — tab and newline too), format characters (zero-width
 * spaces and joiners, bidi controls, the BOM U+FEFF, tags), every space other than U+0020 (no-break, thin, em…),
 * other default-ignorable characters (variation selectors, Hangul fillers) and unpaired surrogates.
 */
const HIDDEN_IN_WORD = /(?! )[\p{Cc}\p{Cf}\p{Cs}\p{Z}\p{Default_Ignorable_Code_Point}]/u;

/** What free text must not hold: controls other than tab and newline, and unpaired surrogates. */
const CONTROL_IN_TEXT = /[^\P{Cc}\t\n]|\p{Cs}/u;

/** Every hidden character, for showing a word back with each one spelled out. */
const HIDDEN_ALL = new RegExp(HIDDEN_IN_WORD.source, 'gu');

/** Ordinary whitespace at either end of a word: spaces, tabs and line breaks (never U+00A0 or U+FEFF). */
const ORDINARY_EDGES = /^[ \t\n\r]+|[ \t\n\r]+$/g;

function found(text: string, index: number): HiddenCharacter {
  const codePoint = text.codePointAt(index) ?? 0;
  const kind =
    codePoint >= 0xd800 && codePoint <= 0xdfff
      ? 'invalid'
      : codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)
        ? 'control'
        : 'invisible';
  return { codePoint, kind, position: [...text.slice(0, index)].length + 1 };
}

/** The first character of `word` that is invisible, a control (tab and newline included) or invalid. */
export function findHiddenCharacter(word: string): HiddenCharacter | undefined {
  const match = HIDDEN_IN_WORD.exec(word);
  return match ? found(word, match.index) : undefined;
}

/** The first control character of `text` other than tab and newline, or an unpaired surrogate. */
export function findControlCharacter(text: string): HiddenCharacter | undefined {
  const match = CONTROL_IN_TEXT.exec(text);
  return match ? found(text, match.index) : undefined;
}

/** `word` without the spaces, tabs and line breaks around it; other whitespace is kept (and refused later). */
export function trimOrdinaryWhitespace(word: string): string {
  return word.replace(ORDINARY_EDGES, '');
}

/** `U+FEFF`: a code point as Unicode writes it. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Says what was found and where, for a refusal: `contains an invisible character U+FEFF (zero width no-break
 * space) at position 1`. `offset` is added to the position (characters trimmed before the search).
 */
export function describeHiddenCharacter(hidden: HiddenCharacter, offset = 0): string {
  const article = hidden.kind === 'control' ? 'a' : 'an';
  const label = codePointLabel(hidden.codePoint);
  return `contains ${article} ${hidden.kind} character ${label} (${characterName(hidden.codePoint)}) at position ${hidden.position + offset}`;
}

/** `word` with each hidden character spelled out as `<U+FEFF>`, so an echo of it shows what is there. */
export function revealHiddenCharacters(word: string): string {
  return HIDDEN_IN_WORD.test(word)
    ? word.replace(HIDDEN_ALL, (ch) => `<${codePointLabel(ch.codePointAt(0) ?? 0)}>`)
    : word;
}
