/** The fetch the metrics adapters call: the global one (undici) unless a test or a custom dispatcher gives another. */
export type FetchFunction = typeof fetch;

/** The global fetch, looked up at each call so a test that replaces it is honoured. */
export const globalFetch: FetchFunction = (input, init) => fetch(input, init);
