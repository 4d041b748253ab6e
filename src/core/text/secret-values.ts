/** What a secret value is replaced with wherever Shipgate posts, stores or logs text. */
export const REDACTED = '[redacted]';

/** Values shorter than this are never treated as secrets: redacting them would blank out ordinary words. */
export const MIN_SECRET_LENGTH = 8;

/**
 * The forms a secret takes in text: as it is, inside a JSON string (once and twice escaped: an upstream's JSON body
 * kept in a stored JSON payload) and URL-encoded (a query string an upstream echoes).
 */
function formsOf(value: string): string[] {
  const once = JSON.stringify(value).slice(1, -1);
  return [value, once, JSON.stringify(once).slice(1, -1), encodeURIComponent(value)];
}

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The secret values Shipgate knows (tokens, signing secrets, routing keys, deploy target secrets), gathered once at
 * start-up, and the redaction every boundary applies: each occurrence of a value — overlapping ones merged — is
 * replaced with `[redacted]`. Searching is a plain `indexOf` per form of each value (no regular expression is
 * built per call), and with no secret configured every method returns its input at once.
 */
export class SecretValues {
  /** No secrets: nothing is ever redacted. */
  static readonly none = new SecretValues([]);

  private readonly needles: readonly string[];
  private readonly values: readonly string[];

  private constructor(values: readonly string[]) {
    this.values = values;
    const needles = new Set(values.flatMap(formsOf));
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  /** The values given, less empty ones and those shorter than {@link MIN_SECRET_LENGTH}. */
  static of(values: Iterable<string | undefined>): SecretValues {
    const kept = new Set<string>();
    for (const value of values) if (value !== undefined && value.length >= MIN_SECRET_LENGTH) kept.add(value);
    return kept.size === 0 ? SecretValues.none : new SecretValues([...kept]);
  }

  /** How many secret values are known. */
  get size(): number {
    return this.values.length;
  }

  /** These values and `more`. */
  with(more: SecretValues): SecretValues {
    return more.size === 0 ? this : SecretValues.of([...this.values, ...more.values]);
  }

  /** Whether any secret value (in any of its forms) occurs in `text`. */
  foundIn(text: string): boolean {
    for (const needle of this.needles) if (text.includes(needle)) return true;
    return false;
  }

  /** `text` with every occurrence of a secret value replaced; the same string when there is none. */
  redact(text: string): string {
    if (this.needles.length === 0) return text;
    const spans: [number, number][] = [];
    for (const needle of this.needles) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
        spans.push([at, at + needle.length]);
      }
    }
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let cursor = 0;
    let [start, end] = spans[0] as [number, number];
    for (const [nextStart, nextEnd] of spans) {
      if (nextStart < end) {
        end = Math.max(end, nextEnd);
        continue;
      }
      out += `${text.slice(cursor, start)}${REDACTED}`;
      cursor = end;
      [start, end] = [nextStart, nextEnd];
    }
    return `${out}${text.slice(cursor, start)}${REDACTED}${text.slice(end)}`;
  }

  /**
   * A copy of a JSON-like value (a Slack payload, an event payload) with every string, and every key, redacted;
   * the value itself when nothing in it needed redacting. Class instances other than plain objects and arrays
   * (dates, errors) are kept as they are.
   */
  redactDeep<T>(value: T): T {
    if (this.needles.length === 0) return value;
    return this.walk(value, 0) as T;
  }

  /** `JSON.stringify(value)` with every secret redacted; serializes twice only when a secret was found. */
  json(value: unknown): string {
    const text = JSON.stringify(value);
    if (this.needles.length === 0 || !this.foundIn(text)) return text;
    return JSON.stringify(this.walk(value, 0));
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object' || depth > 32) return value;
    if (Array.isArray(value)) {
      let changed = false;
      const copy = value.map((item) => {
        const next = this.walk(item, depth + 1);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? copy : value;
    }
    if (!isPlainObject(value)) return value;
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const safeKey = this.redact(key);
      const next = this.walk(item, depth + 1);
      if (next !== item || safeKey !== key) changed = true;
      Object.defineProperty(copy, safeKey, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return changed ? copy : value;
  }
}

/** `text` with every secret value in `values` replaced by `[redacted]` (see {@link SecretValues.redact}). */
export function redactSecrets(text: string, values: SecretValues): string {
  return values.redact(text);
}
