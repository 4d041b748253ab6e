import { typedValue } from './typed-value.js';

const PERCENTAGE = /^(\d+(?:\.\d+)?)\s*%$/;

/** Parses `10%` or `1.5%` into the number before the sign (10, 1.5); `undefined` otherwise. */
export function parsePercentage(text: string): number | undefined {
  const match = PERCENTAGE.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

/** What `parsePercentage` accepts, as a JSON Schema `pattern`. */
export const PERCENTAGE_PATTERN = String.raw`^\s*\d+(?:\.\d+)?\s*%\s*$`;

/** Zod schema for a percentage string: `expected a percentage such as 10%, got "ten"`. */
export const percentageSchema = typedValue('a percentage such as 10%', parsePercentage).meta({
  pattern: PERCENTAGE_PATTERN,
});
