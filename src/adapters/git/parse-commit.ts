import { CommitParser } from 'conventional-commits-parser';
import type { ParsedCommit } from '../../core/releases/parsed-commit.js';
import type { SourceCommit } from '../../core/releases/source-commit.js';

const parser = new CommitParser({
  headerPattern: /^(\w+)(?:\(([^()\r\n]*)\))?(!)?: (.+)$/,
  headerCorrespondence: ['type', 'scope', 'breaking', 'subject'],
  noteKeywords: ['BREAKING CHANGE', 'BREAKING-CHANGE'],
  issuePrefixes: ['#'],
});

/** GitHub's merge subject; the PR title is the first line of the body. */
const GITHUB_MERGE = /^Merge pull request #(\d+) from \S+/;
/** A squash-merge subject ends with its PR number: `Add export (#12)`. */
const SQUASH_SUFFIX = /\s\(#(\d+)\)$/;
/** A git trailer: `Token: value` or `BREAKING CHANGE: value`. */
const TRAILER = /^(BREAKING CHANGE|[A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;

/**
 * Reads one commit as a conventional commit with `conventional-commits-parser` (an adapter, so src/core stays free of
 * outside code; the git repository hands it to the services as `SourceRepository.parse`). A GitHub merge commit
 * (`Merge pull request #12 from x/y`) is read from its PR title (the body's first line) and a squash commit
 * (`Title (#12)`) from its subject without the PR number; both keep `#12` as a reference. Footers are read as git
 * trailers from the last paragraph, so `Migration: yes` after a `BREAKING CHANGE:` note is still a footer.
 */
export function parseCommit(commit: SourceCommit): ParsedCommit {
  const message = commit.message.replace(/\r\n?/g, '\n').trim();
  const [header = '', ...rest] = message.split('\n');
  const merge = commit.parents.length > 1;
  const mergeMatch = GITHUB_MERGE.exec(header);
  const body = rest.join('\n').trim();
  let pullRequest: string | undefined;
  let text = message;
  if (mergeMatch) {
    pullRequest = `#${mergeMatch[1]}`;
    text = body;
  }
  const [first = '', ...others] = text.split('\n');
  const squash = SQUASH_SUFFIX.exec(first);
  if (squash && !pullRequest) pullRequest = `#${squash[1]}`;
  const parsed = parser.parse([first, ...others].join('\n') || header);
  const footers = trailers(text);
  const type = typeof parsed.type === 'string' && parsed.type !== '' ? parsed.type.toLowerCase() : undefined;
  const subject = typeof parsed.subject === 'string' ? parsed.subject : undefined;
  const breakingNote = footers['breaking change'] ?? footers['breaking-change'];
  const title = (type && subject ? subject : first || header).replace(SQUASH_SUFFIX, '').trim();
  return {
    sha: commit.sha,
    shortSha: commit.sha.slice(0, 7),
    header,
    type,
    scope: typeof parsed.scope === 'string' && parsed.scope !== '' ? parsed.scope : undefined,
    title: title === '' ? header : title,
    breaking: parsed.breaking === '!' || breakingNote !== undefined || parsed.notes.length > 0,
    breakingNote: breakingNote ?? parsed.notes[0]?.text.split('\n')[0],
    references: references(message),
    footers,
    merge,
    pullRequest,
  };
}

function references(message: string): string[] {
  const found = new Set<string>();
  for (const match of message.matchAll(/(?<![\w&])#(\d+)\b/g)) found.add(`#${match[1]}`);
  return [...found];
}

/** The trailers of the message's last paragraph (`Token: value` lines and their indented continuations). */
function trailers(text: string): Record<string, string> {
  const paragraphs = text.split(/\n\s*\n/);
  if (paragraphs.length < 2) return {};
  const last = paragraphs[paragraphs.length - 1]?.split('\n') ?? [];
  const out: Record<string, string> = {};
  let key: string | undefined;
  for (const line of last) {
    const match = TRAILER.exec(line);
    if (match?.[1] !== undefined) {
      key = match[1].toLowerCase();
      out[key] = (match[2] ?? '').trim();
    } else if (key !== undefined && /^\s/.test(line)) {
      out[key] = `${out[key]} ${line.trim()}`.trim();
    } else {
      key = undefined;
    }
  }
  return out;
}
