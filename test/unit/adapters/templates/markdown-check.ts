import Mustache from 'mustache';

/** Counts the `|` that separate cells in a GFM table row; a backslash escapes the character after it. */
export function separatorPipes(row: string): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i++;
    else if (row[i] === '|') count++;
  }
  return count;
}

/** Every GFM table in a document: consecutive lines starting with `|`. */
export function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

/** Problems that would make a table render wrongly: bad delimiter row, rows with a different cell count. */
export function tableProblems(table: readonly string[]): string[] {
  const [header = '', delimiter = '', ...rows] = table;
  const problems: string[] = [];
  if (!/^\|(\s*:?-+:?\s*\|)+$/.test(delimiter)) problems.push(`bad delimiter row: ${delimiter}`);
  const expected = separatorPipes(header);
  for (const row of [delimiter, ...rows]) {
    if (!row.endsWith('|')) problems.push(`row does not end with a pipe: ${row}`);
    if (separatorPipes(row) !== expected) problems.push(`expected ${expected} pipes: ${row}`);
  }
  return problems;
}

type Token = [string, string, number, number, Token[]?];

/**
 * Names a template uses that the data does not provide, walking sections the way Mustache does (list items see
 * their own keys plus the enclosing ones). Catches a misspelt variable, which Mustache would silently render empty.
 */
export function unknownVariables(template: string, data: object): string[] {
  const missing: string[] = [];
  const walk = (tokens: Token[], scopes: object[]): void => {
    for (const [type, name, , , children] of tokens) {
      if (type === 'text' || type === '!') continue;
      const owner = scopes.find((scope) => name in scope) as Record<string, unknown> | undefined;
      if (!owner) missing.push(name);
      if (type !== '#' && type !== '^') continue;
      const value = owner?.[name];
      if (Array.isArray(value) && type === '#')
        for (const item of value) walk(children ?? [], [item, ...scopes]);
      else walk(children ?? [], scopes);
    }
  };
  walk(Mustache.parse(template) as unknown as Token[], [data]);
  return [...new Set(missing)];
}
