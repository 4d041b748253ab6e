import type { z } from 'zod';

/** The first problem zod found, as the `field` (a dotted path; `root` when the whole value is wrong) and reason. */
export function zodFieldError(error: z.ZodError, root: string): { field: string; reason: string } {
  const issue = error.issues[0];
  if (!issue) return { field: root, reason: 'invalid' };
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { field: [...path, key].join('.'), reason: `unknown field ${key}` };
  }
  return { field: path.length > 0 ? path.join('.') : root, reason: issue.message };
}
