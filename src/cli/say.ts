import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { renderBlocks } from './render-blocks.js';

/** Where `npm start` in sandbox mode writes the stand-in's address for `shipgate say`: beside the database. */
export function sandboxStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(env.SHIPGATE_DB || 'data/shipgate.db'), 'sandbox.json');
}

interface SaidMessage {
  text?: string;
  blocks?: unknown;
  channel?: string;
  channel_name?: string;
  ephemeral?: boolean;
}

/** `shipgate say --as <user> "/deploy help"`: sends a slash command through the running sandbox and prints the answer. */
export function sayCommand(): Command {
  return new Command('say')
    .description('send a slash command to the running sandbox as a user and print what Shipgate answered')
    .requiredOption('--as <user>', 'Slack user id or sandbox name (alice, bob, carol, dave, erin, frank)')
    .option('--channel <channel>', 'channel id or #name to send from', '#deploys')
    .option('--url <url>', 'the Slack stand-in URL (default: from sandbox.json beside $SHIPGATE_DB)')
    .argument('<text>', 'the command, e.g. "/deploy help"')
    .action(async (text: string, options: { as: string; channel: string; url?: string }) => {
      const url = options.url ?? sandboxUrl();
      let response: Response;
      try {
        response = await fetch(`${url}/_standin/say`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: options.as, text, channel: options.channel }),
        });
      } catch {
        process.stderr.write(`No sandbox answers at ${url}. Start one with: npm start\n`);
        process.exitCode = 2;
        return;
      }
      const transcript = (await response.json()) as {
        error?: string;
        ack?: unknown;
        responses?: SaidMessage[];
        messages?: SaidMessage[];
      };
      if (!response.ok || transcript.error) {
        process.stderr.write(`${transcript.error ?? `stand-in answered ${response.status}`}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(formatTranscript(transcript));
    });
}

function sandboxUrl(): string {
  if (process.env.SHIPGATE_SANDBOX_URL) return process.env.SHIPGATE_SANDBOX_URL;
  const file = sandboxStateFile();
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { url: string }).url;
  return 'http://127.0.0.1:3001';
}

/** What the user would see, as plain text: every message that appeared or changed, ephemeral ones marked. */
export function formatTranscript(t: { ack?: unknown; messages?: SaidMessage[] }): string {
  const out: string[] = [];
  for (const m of t.messages ?? []) {
    const where = m.channel_name ? `#${m.channel_name}` : (m.channel ?? 'channel');
    const body = renderBlocks(m.blocks);
    out.push(
      `── ${m.ephemeral ? `only you can see this, in ${where}` : `in ${where}`}`,
      ...(body.length ? body : [m.text ?? '']),
      '',
    );
  }
  if (out.length === 0) out.push(t.ack ? `(acknowledged: ${JSON.stringify(t.ack)})` : '(no answer)');
  return `${out.join('\n')}\n`;
}
