import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boundaryMarkdown } from '../../src/core/oversight/boundary-markdown.js';

describe("the README's oversight boundary", () => {
  it('is the table the services enforce, generated from src/core/oversight/boundary.ts', () => {
    const readme = readFileSync('README.md', 'utf8');
    const copy = /<!-- boundary:start -->\n([\s\S]*?)\n<!-- boundary:end -->/.exec(readme)?.[1];
    expect(copy, 'regenerate it with: npx shipgate boundary').toBe(boundaryMarkdown());
  });
});
