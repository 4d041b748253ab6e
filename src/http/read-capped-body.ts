import type { IncomingMessage, ServerResponse } from 'node:http';

/** What reading a request body under a cap gave: the bytes, or why there are none. */
export type CappedBody =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too-large' | 'aborted' | 'busy' };

/** Options of {@link readCappedBody}. */
export interface ReadCappedBodyOptions {
  /** Keep the bytes (default); when false they are only counted and handed to `onChunk`, then dropped. */
  readonly keep?: boolean;
  /** Sees every chunk as it arrives, e.g. to update an HMAC while the body streams in. */
  readonly onChunk?: (chunk: Buffer) => void;
  /**
   * Asked before a chunk is kept, with its size: false stops reading (the result is `busy`). With
   * {@link ReadCappedBodyOptions.release} it shares one budget of held bytes between requests.
   */
  readonly reserve?: (bytes: number) => boolean;
  /** Given back, once reading ends however it ends, the bytes `reserve` granted. */
  readonly release?: (bytes: number) => void;
}

const EMPTY = Buffer.alloc(0);

/** The request's `Content-Length`, or undefined when it declared none (a chunked body). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Reads a request body of at most `limit` bytes. Stops reading (pauses the request) the moment the bytes received
 * pass the limit, so no more than `limit` bytes are ever held; the caller then answers with {@link refuseTooLarge}.
 */
export function readCappedBody(
  req: IncomingMessage,
  limit: number,
  options: ReadCappedBodyOptions = {},
): Promise<CappedBody> {
  const keep = options.keep ?? true;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let reserved = 0;
    let settled = false;
    const settle = (result: CappedBody) => {
      if (settled) return;
      settled = true;
      if (reserved) options.release?.(reserved);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        chunks.length = 0;
        req.pause();
        settle({ ok: false, reason: 'too-large' });
        return;
      }
      if (keep && options.reserve) {
        if (!options.reserve(chunk.length)) {
          chunks.length = 0;
          req.pause();
          settle({ ok: false, reason: 'busy' });
          return;
        }
        reserved += chunk.length;
      }
      options.onChunk?.(chunk);
      if (keep) chunks.push(chunk);
    };
    const onEnd = () => {
      const body = !keep ? EMPTY : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bytes);
      settle({ ok: true, body });
    };
    const onAborted = () => settle({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
  });
}

/**
 * Answers `503` with `Retry-After: 1` and closes the connection: too many bytes of unverified bodies are held right
 * now (a flood of forged requests), so this one is not read further; Slack retries.
 */
export function refuseBusy(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => req.destroy());
  res.writeHead(503, {
    'content-type': 'text/plain; charset=utf-8',
    'retry-after': '1',
    connection: 'close',
  });
  res.end('too many unverified request bodies in flight; retry');
}

/**
 * Answers `413` with a short plain reason and closes the connection once the answer is out, so the rest of an
 * oversized body is never read.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.once('finish', () => req.destroy());
  res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`body larger than ${limit} bytes`);
}
