/**
 * Collects Block Kit violations in Slack's own wording, e.g.
 * `[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`, which is what Slack returns in
 * `response_metadata.messages` next to `invalid_blocks` / `invalid_arguments`.
 */
export class BlockKitProblems {
  readonly messages: string[] = [];

  /** Records one violation at a JSON pointer. */
  add(pointer: string, message: string): void {
    this.messages.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }

  /** Checks an optional string's length. */
  maxLength(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && value.length > max)
      this.add(pointer, `must be less than ${max + 1} characters`);
  }

  /** Checks a text composition object (`{ type: 'plain_text' | 'mrkdwn', text }`) and the length of its text. */
  text(
    value: unknown,
    pointer: string,
    opts: { max: number; plainOnly?: boolean; required?: boolean },
  ): void {
    if (value === undefined || value === null) {
      if (opts.required) this.add(pointer, 'must provide an object');
      return;
    }
    if (!isObject(value)) {
      this.add(pointer, 'must provide an object');
      return;
    }
    const allowed = opts.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
      this.add(`${pointer}/type`, `must be one of ${allowed.join(', ')}`);
    }
    if (typeof value.text !== 'string') {
      this.add(`${pointer}/text`, 'must provide a string');
      return;
    }
    if (value.text.length === 0) this.add(`${pointer}/text`, 'must be more than 0 characters');
    this.maxLength(value.text, opts.max, `${pointer}/text`);
  }

  /** Checks an array's size; returns the array (or [] when it is not one). */
  array(value: unknown, pointer: string, min: number, max: number): unknown[] {
    if (!Array.isArray(value)) {
      this.add(pointer, 'must provide an array');
      return [];
    }
    if (value.length < min) this.add(pointer, `must provide at least ${min} items`);
    if (value.length > max) this.add(pointer, `no more than ${max} items allowed`);
    return value;
  }
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
