import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_NAMES } from '../../src/core/config/config-json-schema.js';
import { configReferenceMarkdown } from '../../src/core/config/config-reference.js';

describe("the README's configuration reference", () => {
  it.each(CONFIG_SCHEMA_NAMES)(
    'of the %s file is the table generated from the zod schemas’ descriptions',
    (name) => {
      const readme = readFileSync('README.md', 'utf8');
      const copy = new RegExp(
        `<!-- config-reference:${name}:start -->\\n([\\s\\S]*?)\\n<!-- config-reference:${name}:end -->`,
      ).exec(readme)?.[1];
      expect(copy, `regenerate it with: npx shipgate schema ${name} --markdown`).toBe(
        configReferenceMarkdown(name),
      );
    },
  );
});
