/** Closers and the opener each one matches. */
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** A PromQL duration: units largest first, each at most once (`1h30m`, `90s`, `500ms`), as Prometheus parses them. */
const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/** What sits between `[` and `]`: a range (`5m`) or a subquery (`30m:1m`, `30m:`). */
const RANGE = /^\s*([^:\s]*)\s*(?::\s*([^:\s]*)\s*)?$/;

interface Opener {
  readonly char: string;
  readonly at: number;
}

/** A duration text that Prometheus would take and that is longer than zero. */
function isDuration(text: string): boolean {
  return text !== '' && DURATION.test(text) && /[1-9]/.test(text);
}

/** What is wrong with the inside of `[…]`, if anything. */
function rangeProblem(inside: string, where: string): string | undefined {
  const match = RANGE.exec(inside);
  const [range, step] = [match?.[1] ?? '', match?.[2]];
  if (match && isDuration(range) && (step === undefined || step === '' || isDuration(step))) return undefined;
  return `[${inside}] ${where} is not a range such as [5m] or a subquery such as [30m:1m]`;
}

/** `line:column`, 1-based, the way Prometheus points into a query. */
function position(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `${line}:${index - before.lastIndexOf('\n')}`;
}

/** The index just past a string literal opened at `start`, or -1 when it never closes (backticks are raw). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== '`') i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

/**
 * Checks a PromQL query's text without a server, for `config check`: not empty, (), [] and {} balanced outside
 * string literals and `#` comments, every '…', "…" and `…` string closed, and every `[…]` a valid range or
 * subquery duration. Returns one line per problem, positions as `line:column`; empty when nothing is wrong. It
 * does not know PromQL's grammar otherwise: `checkQueryWithPrometheus` asks a live server for that.
 */
export function promqlCheck(query: string): string[] {
  const problems: string[] = [];
  const open: Opener[] = [];
  let code = false;
  for (let i = 0; i < query.length; i++) {
    const char = query[i] ?? '';
    if (char === '#') {
      const newline = query.indexOf('\n', i);
      i = newline === -1 ? query.length : newline;
    } else if (char === '"' || char === "'" || char === '`') {
      code = true;
      const end = stringEnd(query, i);
      if (end === -1) {
        return [...problems, `unterminated ${char} string starting at ${position(query, i)}`];
      }
      i = end - 1;
    } else if (char === '(' || char === '[' || char === '{') {
      code = true;
      open.push({ char, at: i });
    } else if (char in PAIRS) {
      code = true;
      const opener = open.pop();
      if (opener === undefined) problems.push(`${char} at ${position(query, i)} closes nothing`);
      else if (opener.char !== PAIRS[char])
        problems.push(
          `${opener.char} opened at ${position(query, opener.at)} is closed by ${char} at ${position(query, i)}`,
        );
      else if (char === ']') {
        const problem = rangeProblem(query.slice(opener.at + 1, i), `at ${position(query, opener.at)}`);
        if (problem !== undefined) problems.push(problem);
      }
    } else if (!/\s/.test(char)) code = true;
  }
  if (!code) return ['empty query'];
  for (const opener of open) problems.push(`unclosed ${opener.char} opened at ${position(query, opener.at)}`);
  return problems;
}
