import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';

/** The project's `templates/` folder: user-editable communication and report templates. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** Slack's own escaping (only `&`, `<`, `>`), instead of Mustache's HTML escaping. */
function slackEscape(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders user-editable templates with Mustache (logic-less, so a template can show values but never run code).
 * Templates are read on every render, so an edited template applies without a restart; a missing one fails loudly.
 */
export class TemplateRenderer {
  constructor(private readonly dir: string = TEMPLATES_DIR) {}

  render(name: string, values: Record<string, unknown>): string {
    const template = readFileSync(`${this.dir}/${name}`, 'utf8');
    return Mustache.render(template, values, {}, { escape: slackEscape }).trim();
  }
}
