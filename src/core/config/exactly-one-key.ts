/**
 * JSON Schema for "exactly one of these keys" (`oneOf` of `required`), attached with `.meta()` to the objects whose
 * zod refinement says the same, so an editor flags what `config check` would refuse.
 */
export function exactlyOneKey(keys: readonly string[]): { oneOf: { required: string[] }[] } {
  return { oneOf: keys.map((key) => ({ required: [key] })) };
}
