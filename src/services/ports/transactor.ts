/**
 * Groups writes so they happen together or not at all (one database transaction). Nested calls join the outer
 * one; work outside it waits for it to end, so a transaction never sees another caller's statements.
 */
export interface Transactor {
  transaction<T>(work: () => Promise<T>): Promise<T>;
}
