import pg from 'pg';

/** PostgreSQL's type ids whose values Shipgate reads as numbers: int8 (epoch ms, ids, counts) and numeric. */
const INT8 = 20;

/**
 * A connection pool for `url` (`postgres://…`). 64-bit integers come back as numbers, not strings: Shipgate keeps
 * epoch milliseconds and ids in them, all far below 2^53. `max` is the pool size per replica; `searchPath` puts
 * Shipgate's tables in a schema of their own; `connectTimeoutMs` bounds the wait for a new connection (none by
 * default: a replica keeps trying), so a command-line tool fails instead of hanging on an unreachable server.
 */
export function createPostgresPool(
  url: string,
  options: { max?: number; searchPath?: string; connectTimeoutMs?: number } = {},
): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    types: {
      getTypeParser: ((id: number, format?: 'text' | 'binary') =>
        id === INT8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(id, format)) as typeof pg.types.getTypeParser,
    },
  });
}
