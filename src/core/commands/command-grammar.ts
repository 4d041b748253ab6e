import type { z } from 'zod';
import { ownEntry } from '../own-entry.js';
import { revealHiddenCharacters } from '../text/hidden-characters.js';
import { FlagError, type FlagSpec, parseFlags } from './parse-flags.js';
import { TokenizeError, tokenize } from './tokenize.js';
import { UsageError } from './usage-error.js';

/** The longest command text Shipgate reads; longer input is refused before any parsing. */
export const MAX_COMMAND_TEXT = 1000;

/** The result of reading a command's text: a typed request, or a sentence saying what was wrong. */
export type ParseOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** One subcommand: its flags and a zod schema over `{ args, flags }` that yields the typed request. */
export interface Subcommand<T> {
  readonly flags?: FlagSpec;
  readonly schema: z.ZodType<T, { args: string[]; flags: Record<string, string | true> }>;
}

/** What a slash command understands: named subcommands, plus an optional fallback for `/deploy <service> …`. */
export interface CommandGrammar<T> {
  readonly command: string;
  readonly subcommands: Readonly<Record<string, Subcommand<T>>>;
  /** Used when the first word is not a subcommand name (e.g. `/deploy checkout 2.5.4`). */
  readonly fallback?: Subcommand<T>;
  /** Words allowed before the subcommand, e.g. an incident id: returns the remaining words and a context value. */
  readonly prefix?: (tokens: string[]) => { rest: string[]; context: Record<string, string> };
}

/**
 * Reads slash-command text against a grammar. Never throws for user input: empty, over-long, badly quoted,
 * unknown or malformed input all come back as `{ ok: false, error }` with a sentence fit to show the user.
 */
export function parseCommand<T>(grammar: CommandGrammar<T>, text: string): ParseOutcome<T> {
  if (text.length > MAX_COMMAND_TEXT) {
    return fail(`that is ${text.length} characters; ${grammar.command} reads at most ${MAX_COMMAND_TEXT}`);
  }
  let tokens: string[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    if (err instanceof TokenizeError) return fail(err.message);
    throw err;
  }
  let context: Record<string, string> = {};
  if (grammar.prefix) ({ rest: tokens, context } = grammar.prefix(tokens));
  const [first, ...rest] = tokens;
  if (first === undefined) return fail(`\`${grammar.command}\` needs a subcommand`);
  const named = ownEntry(grammar.subcommands, first.toLowerCase());
  const sub = named ?? grammar.fallback;
  if (sub === undefined) return fail(`unknown subcommand \`${truncate(first)}\``);
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(named ? rest : tokens, sub.flags ?? {});
  } catch (err) {
    if (err instanceof FlagError) return fail(err.message);
    throw err;
  }
  let result: ReturnType<typeof sub.schema.safeParse>;
  try {
    result = sub.schema.safeParse({ args: parsed.positionals, flags: { ...parsed.flags, ...context } });
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message);
    throw err;
  }
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return fail(issue?.message ?? 'the command could not be read');
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/**
 * Shortens a user's word for echoing back, so an error message never grows with the input, and spells out each
 * invisible or control character in it (`<U+FEFF>8.0.0`), so the echo shows what was really typed.
 */
export function truncate(word: string, max = 40): string {
  return revealHiddenCharacters(word.length > max ? `${word.slice(0, max)}…` : word);
}
