/** Groups writes so they happen together or not at all (one SQLite transaction; nested calls join the outer one). */
export interface Transactor {
  transaction<T>(work: () => T): T;
}
