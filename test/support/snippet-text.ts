/**
 * Expands a VS Code snippet body the way the editor inserts it when every tab stop is left at its default: `${1:text}`
 * (nested), `${1|a,b|}` (the first choice), `$1`/`${1}` (the value of that tab stop), `${1/regex/format/flags}`
 * (`$1` and `${1:/capitalize|upcase|downcase}` in the format), variables (`$NAME`, `${NAME}`, `${NAME:default}`) from
 * `variables`, and the escapes `\$`, `\}` and `\\`. Unknown variables throw, so a typo in a snippet fails its test.
 */
export function expandSnippet(body: string, variables: Readonly<Record<string, string>>): string {
  const defaults = new Map<string, string>();
  let pos = 0;

  function fail(message: string): never {
    throw new Error(`${message} at ${pos} in snippet: ${body}`);
  }

  function variable(name: string, fallback: string | undefined): string {
    const value = Object.hasOwn(variables, name) ? variables[name] : fallback;
    if (value === undefined) fail(`unknown variable ${name}`);
    return value;
  }

  function tabstop(n: string): string {
    return defaults.get(n) ?? '';
  }

  /** Reads text up to an unescaped `stop` character (not consumed); `$` constructs inside are expanded. */
  function sequence(stop: string | undefined): string {
    let out = '';
    while (pos < body.length) {
      const c = body[pos] ?? '';
      if (stop?.includes(c)) return out;
      if (c === '\\' && pos + 1 < body.length && '$}\\,|'.includes(body[pos + 1] ?? '')) {
        out += body[pos + 1];
        pos += 2;
      } else if (c === '$') out += dollar();
      else {
        out += c;
        pos += 1;
      }
    }
    if (stop !== undefined) fail(`missing ${stop}`);
    return out;
  }

  function raw(stop: string): string {
    let out = '';
    while (pos < body.length && body[pos] !== stop) {
      if (body[pos] === '\\' && body[pos + 1] === stop) pos += 1;
      out += body[pos];
      pos += 1;
    }
    if (body[pos] !== stop) fail(`missing ${stop}`);
    pos += 1;
    return out;
  }

  /** A transform's format: up to the `/` that ends it, skipping the `${…}` groups (which hold `/` themselves). */
  function format(): string {
    let out = '';
    let depth = 0;
    while (pos < body.length && (depth > 0 || body[pos] !== '/')) {
      if (body.startsWith('${', pos)) depth += 1;
      else if (body[pos] === '}' && depth > 0) depth -= 1;
      out += body[pos];
      pos += 1;
    }
    if (body[pos] !== '/') fail('missing / after a format');
    pos += 1;
    return out;
  }

  function transform(value: string): string {
    const source = raw('/');
    const replacement = format();
    const pattern = new RegExp(source, raw('}'));
    return value.replace(pattern, (...groups: string[]) =>
      replacement.replace(/\$\{(\d+):\/(capitalize|upcase|downcase)\}|\$(\d+)/g, (_m, g1, fn, g2) => {
        const text = groups[Number(g1 ?? g2)] ?? '';
        if (fn === 'capitalize') return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
        if (fn === 'upcase') return text.toUpperCase();
        if (fn === 'downcase') return text.toLowerCase();
        return text;
      }),
    );
  }

  function dollar(): string {
    pos += 1;
    const simple = /^(\d+|[A-Z_][A-Z0-9_]*)/.exec(body.slice(pos));
    if (simple) {
      pos += simple[0].length;
      return /^\d/.test(simple[0]) ? tabstop(simple[0]) : variable(simple[0], undefined);
    }
    if (body[pos] !== '{') return '$';
    pos += 1;
    const name = /^(\d+|[A-Z_][A-Z0-9_]*)/.exec(body.slice(pos))?.[0];
    if (name === undefined) fail('expected a tab stop or variable');
    pos += name.length;
    const isTab = /^\d/.test(name);
    const next = body[pos];
    if (next === '}') {
      pos += 1;
      return isTab ? tabstop(name) : variable(name, undefined);
    }
    if (next === ':') {
      pos += 1;
      const text = sequence('}');
      pos += 1;
      if (!isTab) return variable(name, text);
      if (!defaults.has(name)) defaults.set(name, text);
      return text;
    }
    if (next === '|' && isTab) {
      pos += 1;
      const choices = raw('|').split(',');
      if (body[pos] !== '}') fail('expected } after a choice');
      pos += 1;
      const first = choices[0] ?? '';
      if (!defaults.has(name)) defaults.set(name, first);
      return first;
    }
    if (next === '/') {
      pos += 1;
      return transform(isTab ? tabstop(name) : variable(name, undefined));
    }
    return fail(`unexpected ${next}`);
  }

  // Tab stops may be mirrored before their default is defined (a title that transforms $1), so read defaults first.
  sequence(undefined);
  pos = 0;
  return sequence(undefined);
}
