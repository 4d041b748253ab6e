import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { TEMPLATES_DIR } from '../../src/adapters/templates/templates-dir.js';

/** One heading line of a Mustache template, as a pattern (`{{…}}` matches any text), and whether a section wraps it. */
interface TemplateHeading {
  readonly line: string;
  readonly pattern: RegExp;
  readonly optional: boolean;
}

/** The heading lines of `templates/<name>` outside its `{{! … }}` comments, in order. */
export function templateHeadings(name: string): TemplateHeading[] {
  const source = readFileSync(join(TEMPLATES_DIR, name), 'utf8').replace(/\{\{![\s\S]*?\}\}/g, '');
  const headings: TemplateHeading[] = [];
  let depth = 0;
  for (const line of source.split('\n')) {
    if (/^#{1,6} /.test(line)) {
      const parts = line.split(/\{\{[^}]*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      headings.push({ line, pattern: new RegExp(`^${parts.join('.+')}$`), optional: depth > 0 });
    }
    for (const tag of line.matchAll(/\{\{([#^/])[^}]*\}\}/g)) depth += tag[1] === '/' ? -1 : 1;
  }
  return headings;
}

/**
 * Asserts a rendered document has its template's sections: every heading it has is one of the template's, and every
 * heading the template always renders (outside a `{{#…}}` section) is there, in the template's order.
 */
export function expectTemplateSections(markdown: string, template: string): void {
  const wanted = templateHeadings(template);
  const have = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
  for (const heading of have)
    expect(
      wanted.some((w) => w.pattern.test(heading)),
      `"${heading}" is not a heading of ${template}`,
    ).toBe(true);
  let at = 0;
  for (const heading of wanted.filter((w) => !w.optional)) {
    const found = have.findIndex((line, i) => i >= at && heading.pattern.test(line));
    expect(found, `"${heading.line}" of ${template} is missing or out of order`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}
