import { ACTOR_KINDS } from '../actor.js';
import { BOUNDARY, type Permission } from './boundary.js';

const MARK: Readonly<Record<Permission, string>> = {
  allow: '✓',
  deny: '✗',
  human_decision: 'only a human decision',
};

/**
 * The boundary table as Markdown, for the README (a test keeps the README's copy equal to this, so the document
 * cannot drift from what the services enforce) and for `npx shipgate boundary`.
 */
export function boundaryMarkdown(): string {
  const head = `| Rule | Action | ${ACTOR_KINDS.join(' | ')} | Chapter |`;
  const line = `|${' --- |'.repeat(ACTOR_KINDS.length + 3)}`;
  const rows = BOUNDARY.map(
    (r) =>
      `| \`${r.rule}\` | ${r.what} | ${ACTOR_KINDS.map((k) => MARK[r.permissions[k]]).join(' | ')} | ${r.chapter} |`,
  );
  return [head, line, ...rows].join('\n');
}
