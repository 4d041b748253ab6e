/** The report sections a note can be filed under by starting it with a label (`Root cause: expired cert`). */
export type NoteLabel = 'root_cause' | 'impact' | 'fix' | 'went_well' | 'went_poorly';

/** A note's label (if any) and its text without the label. */
export interface ClassifiedNote {
  readonly label: NoteLabel | undefined;
  readonly text: string;
}

const LABELS: readonly (readonly [RegExp, NoteLabel])[] = [
  [/^root[ -]?cause$/, 'root_cause'],
  [/^impact$/, 'impact'],
  [/^(fix|fixed)$/, 'fix'],
  [/^went well$/, 'went_well'],
  [/^went poorly$/, 'went_poorly'],
];

/**
 * Files a note under a report section when it starts with a label and a colon: `Root cause:`, `Impact:`, `Fix:`,
 * `Went well:`, `Went poorly:` (any case). This is how responders feed the chapter 6.3 sections from Slack with
 * `/incident note …` while the incident runs or during the review; other notes stay plain timeline notes.
 */
export function classifyNote(note: string): ClassifiedNote {
  const match = /^\s*([a-z -]{3,20}?)\s*:\s*([\s\S]*)$/i.exec(note);
  const label = match?.[1]?.toLowerCase().replace(/\s+/g, ' ');
  const found = label === undefined ? undefined : LABELS.find(([pattern]) => pattern.test(label));
  const text = match?.[2]?.trim() ?? '';
  return found && text !== '' ? { label: found[1], text } : { label: undefined, text: note.trim() };
}
