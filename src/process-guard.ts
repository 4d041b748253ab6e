import type { Logger } from 'pino';

/**
 * Keeps the process serving after an error that nothing caught. Node's default is to exit on an uncaught
 * exception or an unhandled rejection; for Shipgate that would let one crafted request (or one bug in a library's
 * background callback) take the bot down for everyone, in the middle of other people's acks. Shipgate's state lives
 * in SQLite and changes in transactions, and every deadline is a durable timer, so an error that escaped one request
 * leaves nothing half-written to carry on from. Both are logged at `fatal` with the error, and the process goes on.
 */
export function guardProcess(logger: Logger, target: NodeJS.Process = process): void {
  target.on('uncaughtException', (err, origin) => {
    logger.fatal({ err, origin }, 'uncaught exception; Shipgate keeps serving');
  });
  target.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection; Shipgate keeps serving');
  });
}
