/**
 * A mistake in a command's words, thrown by an argument reader and answered by `parseCommand` with its message. It
 * carries no stack trace: it is how a mistake leaves the reader, never a bug, and capturing a stack is most of what
 * constructing an error costs.
 */
export class UsageError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}
