/** Names of the invisible and control characters people run into, as Unicode names them (lowercase). */
const NAMES: Readonly<Record<number, string>> = {
  0: 'null',
  7: 'bell',
  8: 'backspace',
  9: 'character tabulation',
  10: 'line feed',
  11: 'line tabulation',
  12: 'form feed',
  13: 'carriage return',
  27: 'escape',
  127: 'delete',
  133: 'next line',
  160: 'no-break space',
  173: 'soft hyphen',
  847: 'combining grapheme joiner',
  1564: 'arabic letter mark',
  4447: 'hangul choseong filler',
  4448: 'hangul jungseong filler',
  5760: 'ogham space mark',
  6158: 'mongolian vowel separator',
  8192: 'en quad',
  8193: 'em quad',
  8194: 'en space',
  8195: 'em space',
  8196: 'three-per-em space',
  8197: 'four-per-em space',
  8198: 'six-per-em space',
  8199: 'figure space',
  8200: 'punctuation space',
  8201: 'thin space',
  8202: 'hair space',
  8203: 'zero width space',
  8204: 'zero width non-joiner',
  8205: 'zero width joiner',
  8206: 'left-to-right mark',
  8207: 'right-to-left mark',
  8232: 'line separator',
  8233: 'paragraph separator',
  8234: 'left-to-right embedding',
  8235: 'right-to-left embedding',
  8236: 'pop directional formatting',
  8237: 'left-to-right override',
  8238: 'right-to-left override',
  8239: 'narrow no-break space',
  8287: 'medium mathematical space',
  8288: 'word joiner',
  8289: 'function application',
  8290: 'invisible times',
  8291: 'invisible separator',
  8292: 'invisible plus',
  8294: 'left-to-right isolate',
  8295: 'right-to-left isolate',
  8296: 'first strong isolate',
  8297: 'pop directional isolate',
  12288: 'ideographic space',
  12644: 'hangul filler',
  65279: 'zero width no-break space',
  65440: 'halfwidth hangul filler',
};

/**
 * A short name for an invisible, control or invalid character: its Unicode name when it is a common one, else
 * what kind of character it is (`variation selector-3`, `tag`, `control`, `format character`).
 */
export function characterName(codePoint: number): string {
  const named = NAMES[codePoint];
  if (named !== undefined) return named;
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return `variation selector-${codePoint - 0xfe00 + 1}`;
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return `variation selector-${codePoint - 0xe0100 + 17}`;
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return 'tag';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'unpaired surrogate';
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'control';
  return 'format character';
}
