import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ConsoleCommand, ConsoleShortcut } from './app/console-api-types.js';

/** The slash commands (with usage hints) and message shortcuts a Slack app manifest declares. */
export function readManifestCommands(path: string): {
  commands: ConsoleCommand[];
  shortcuts: ConsoleShortcut[];
} {
  const manifest = parse(readFileSync(path, 'utf8')) as {
    features?: {
      slash_commands?: { command?: string; description?: string; usage_hint?: string }[];
      shortcuts?: { name?: string; type?: string; callback_id?: string }[];
    };
  };
  const commands = (manifest.features?.slash_commands ?? []).map((c) => ({
    command: String(c.command ?? ''),
    description: String(c.description ?? ''),
    usageHint: String(c.usage_hint ?? ''),
  }));
  const shortcuts = (manifest.features?.shortcuts ?? [])
    .filter((s) => s.type === 'message')
    .map((s) => ({ name: String(s.name ?? ''), callbackId: String(s.callback_id ?? '') }));
  return { commands, shortcuts };
}
