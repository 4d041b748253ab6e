/** `T` with its optional fields holding no `undefined` (the agent door's inputs are exact). */
export type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** Drops the fields zod parsed as `undefined`, so an absent optional field stays absent. */
export function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}
