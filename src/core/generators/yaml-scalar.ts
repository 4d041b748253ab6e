const PLAIN = /^[A-Za-z_./][A-Za-z0-9_./{}() @=,-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|~)$/i;

/**
 * A string as a YAML scalar in block context: plain when YAML reads it back as the same string (a path, a command
 * line without quotes or `: `), else single-quoted with `''` for a quote, or double-quoted JSON for text with line
 * breaks. Generated config uses it for every value that came from a person or a default.
 */
export function yamlScalar(text: string): string {
  if (/[\n\r\t]/.test(text)) return JSON.stringify(text);
  if (PLAIN.test(text) && !RESERVED.test(text) && !text.includes(': ') && !text.endsWith(' ')) return text;
  return `'${text.replaceAll("'", "''")}'`;
}

/** A string as a quoted YAML scalar, safe anywhere including inside `{ … }` flow mappings. */
export function yamlQuoted(text: string): string {
  return /[\n\r\t]/.test(text) ? JSON.stringify(text) : `'${text.replaceAll("'", "''")}'`;
}
