/**
 * The value `record` holds under `key` as its own property, or `undefined`. Plain objects also answer to names they
 * inherit from `Object.prototype` (`record['constructor']` is a function, `record['__proto__']` an object), so a
 * word a person typed — a service, role, environment or flag name — must be looked up with this, never with
 * `record[key]` or `key in record`, to get the normal "unknown …" answer.
 */
export function ownEntry<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
