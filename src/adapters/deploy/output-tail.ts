/** How much output a step outcome keeps for the Slack thread (see `StepOutcome.output`). */
export const OUTPUT_LIMITS = { lines: 40, chars: 2_500 } as const;

const TRIMMED = '…';

/**
 * Keeps the end of a stream of text (stdout and stderr interleaved, or an HTTP body) without holding it all:
 * memory stays bounded however much a command prints. `text()` returns at most 40 lines / 2,500 characters,
 * starting with a `…` line when earlier output was dropped.
 */
export class OutputTail {
  private buffer = '';
  private dropped = false;

  constructor(private readonly limits: { lines: number; chars: number } = OUTPUT_LIMITS) {}

  /** Appends a chunk of decoded text. */
  push(chunk: string): void {
    this.buffer += chunk;
    if (this.buffer.length > this.limits.chars * 4) {
      this.buffer = this.buffer.slice(-this.limits.chars * 2);
      this.dropped = true;
    }
  }

  /** The kept end of the output, without its trailing newline. */
  text(): string {
    const { lines: maxLines, chars: maxChars } = this.limits;
    const body = this.buffer.replace(/\r\n/g, '\n').replace(/\n$/, '');
    let dropped = this.dropped;
    let lines = body.split('\n');
    if (dropped && lines.length > 1) lines.shift();
    if (dropped || lines.length > maxLines) {
      dropped = true;
      lines = lines.slice(-(maxLines - 1));
    }
    let text = lines.join('\n');
    const room = maxChars - TRIMMED.length - 1;
    if (text.length > (dropped ? room : maxChars)) {
      dropped = true;
      const tail = text.slice(-room);
      const cut = tail.indexOf('\n');
      text = cut >= 0 && cut < tail.length - 1 ? tail.slice(cut + 1) : tail;
    }
    if (!dropped) return text;
    return text === '' ? TRIMMED : `${TRIMMED}\n${text}`;
  }
}
