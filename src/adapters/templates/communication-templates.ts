import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { type RichPart, RichText, type RichValue, toRich } from '../../core/text/rich-text.js';
import type { CommunicationTemplates, TemplateValues } from '../../services/ports/templates.js';
import { TEMPLATES_DIR } from './templates-dir.js';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const TOKEN = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/**
 * Renders the user-editable communication templates (Mustache: logic-less, so a template can show values but never
 * run code) into messages whose own text is the operator's copy and whose values stay typed: user text is escaped
 * wherever the message is shown, mentions render as mentions and times in each reader's zone. Each value is put in
 * as a token and the output is split at the tokens, so neither `{{x}}` nor `{{{x}}}` can turn a value into markup.
 * Templates are read on every render, so an edit applies without a restart; a missing template throws.
 */
export class MustacheTemplates implements CommunicationTemplates {
  constructor(private readonly dir: string = TEMPLATES_DIR) {}

  render(name: string, values: TemplateValues): RichText {
    const template = readFileSync(join(this.dir, name), 'utf8').replaceAll(OPEN, '').replaceAll(CLOSE, '');
    const inserted: RichValue[] = [];
    const tokens: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      tokens[key] = `${OPEN}${inserted.length}${CLOSE}`;
      inserted.push(value);
    }
    const output = Mustache.render(template, tokens, {}, { escape: String }).trim();
    const parts: RichPart[] = [];
    let last = 0;
    for (const match of output.matchAll(TOKEN)) {
      if (match.index > last) parts.push({ kind: 'markup', text: output.slice(last, match.index) });
      const value = inserted[Number(match[1])];
      if (value !== undefined) parts.push(...toRich(value).parts);
      last = match.index + match[0].length;
    }
    if (last < output.length) parts.push({ kind: 'markup', text: output.slice(last) });
    return new RichText(parts);
  }
}
