import { setTimeout as sleep } from 'node:timers/promises';

/** Longest piece of a response body kept in a step's output. */
const EXCERPT_CHARS = 500;

/** A step's time budget: one signal that fires on the timeout or on the caller's abort, and which of them it was. */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly timeout: AbortSignal;

  constructor(
    readonly timeoutMs: number,
    private readonly caller?: AbortSignal,
  ) {
    this.timeout = AbortSignal.timeout(timeoutMs);
    this.signal = caller === undefined ? this.timeout : AbortSignal.any([this.timeout, caller]);
  }

  /** Whether the time ran out (rather than the caller cancelling). */
  get expired(): boolean {
    return this.timeout.aborted && !this.caller?.aborted;
  }

  /** Waits `ms`, or rejects as soon as the deadline passes or the caller cancels. */
  wait(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.signal });
  }
}

/** What one HTTP exchange answered. */
export interface HttpReply {
  readonly status: number;
  readonly text: string;
}

/** One request: signed webhooks never follow redirects (`manual`), plain checks may (`follow`). */
export interface HttpCallInit {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly redirect: 'manual' | 'follow';
  readonly signal: AbortSignal;
}

/** Sends one request with the global fetch, reading the whole answer as text; rejects on network errors and aborts. */
export async function httpCall(url: string, init: HttpCallInit): Promise<HttpReply> {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

/** Whether a status code counts as success. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** A URL for messages: scheme, host and path only, so tokens in query strings never reach Slack. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

/** The start of a response body, for the step's output. */
export function bodyExcerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > EXCERPT_CHARS ? `${trimmed.slice(0, EXCERPT_CHARS)}…` : trimmed;
}

/** Why fetch failed, in one line: `cannot reach http://127.0.0.1:9/deploy: ECONNREFUSED`. */
export function describeFetchError(url: string, error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `cannot reach ${displayUrl(url)}: ${reason}`;
}
