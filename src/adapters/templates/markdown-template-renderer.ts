import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { TEMPLATES_DIR } from './templates-dir.js';

/**
 * Renders user-editable Mustache templates that produce Markdown files (the incident report). Unlike
 * the communication templates, it applies no escaping at all: Slack's `&amp;`/`&lt;` would show up literally in a Markdown
 * file, so the view-model builder makes each value safe for where it goes (table cell, list item, section) instead.
 * Templates are read on every render, so an edited template applies without a restart; a missing one throws.
 */
export class MarkdownTemplateRenderer {
  constructor(private readonly dir: string = TEMPLATES_DIR) {}

  /** Renders `name` from the templates folder; the result is trimmed and ends with exactly one newline. */
  render(name: string, values: object): string {
    const template = readFileSync(join(this.dir, name), 'utf8');
    return `${Mustache.render(template, values, {}, { escape: String }).trim()}\n`;
  }
}
