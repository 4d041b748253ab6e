import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { sandboxDatabase } from '../sandbox-database.js';
import { displayMrkdwn, renderBlocks } from './render-blocks.js';

/** Where `npm start` in sandbox mode writes the stand-in's address for `shipgate say`: beside its database. */
export function sandboxStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(sandboxDatabase(env)), 'sandbox.json');
}

interface SaidMessage {
  text?: string;
  blocks?: unknown;
  channel?: string;
  channel_name?: string;
  ephemeral?: boolean;
}

interface OpenedView {
  title?: string;
  inputs?: string[];
}

/** A transcript as the stand-in's `/_standin/say` and `/_standin/click` answer it. */
export interface Transcript {
  error?: string;
  ack?: unknown;
  responses?: unknown[];
  messages?: SaidMessage[];
  views?: OpenedView[];
}

/** `shipgate say --as <user> "/deploy help"`: sends a slash command through the running sandbox and prints the answer. */
export function sayCommand(): Command {
  return new Command('say')
    .description('send a slash command to the running sandbox as a user and print what Shipgate answered')
    .requiredOption('--as <user>', 'Slack user id or sandbox name (alice, bob, carol, dave, erin, frank)')
    .option('--channel <channel>', 'channel id or #name to send from', '#deploys')
    .option('--url <url>', 'the Slack stand-in URL (default: from sandbox.json beside $SHIPGATE_DB)')
    .argument('<text>', 'the command, e.g. "/deploy help"')
    .action((text: string, options: { as: string; channel: string; url?: string }) =>
      postToSandbox('/_standin/say', { user: options.as, text, channel: options.channel }, options.url),
    );
}

/**
 * POSTs `body` to a control endpoint of the running sandbox's Slack stand-in (at `url`, else the address in
 * sandbox.json) and prints the transcript, or the error on stderr with exit code 1 (2 when no sandbox answers).
 * Shared by `say` and `click`.
 */
export async function postToSandbox(path: string, body: object, url = sandboxUrl()): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    process.stderr.write(`No sandbox answers at ${url}. Start one with: npm start\n`);
    process.exitCode = 2;
    return;
  }
  const transcript = (await response.json()) as Transcript;
  if (!response.ok || transcript.error) {
    process.stderr.write(`${transcript.error ?? `stand-in answered ${response.status}`}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(formatTranscript(transcript));
}

/** The stand-in's address: `$SHIPGATE_SANDBOX_URL`, else sandbox.json beside `$SHIPGATE_DB`, else port 3001. */
export function sandboxUrl(): string {
  if (process.env.SHIPGATE_SANDBOX_URL) return process.env.SHIPGATE_SANDBOX_URL;
  const file = sandboxStateFile();
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { url: string }).url;
  return 'http://127.0.0.1:3001';
}

/** How to click a message's buttons from the terminal, one line per button value (empty without buttons). */
function clickHint(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  const byValue = new Map<string, string[]>();
  for (const block of blocks as { elements?: unknown }[]) {
    if (!Array.isArray(block?.elements)) continue;
    for (const e of block.elements as { type?: unknown; value?: unknown; action_id?: unknown }[]) {
      if (e?.type !== 'button' || typeof e.value !== 'string') continue;
      const action =
        String(e.action_id ?? '')
          .split('.')
          .at(-1) ?? '';
      byValue.set(e.value, [...(byValue.get(e.value) ?? []), action]);
    }
  }
  return [...byValue].map(
    ([value, actions]) => `(to click: npx shipgate click --as <user> ${value} ${actions.join('|')})`,
  );
}

/**
 * What the user would see, as plain text: every message that appeared or changed, ephemeral ones marked, with how
 * to click its buttons, and any modal that opened.
 */
export function formatTranscript(t: Transcript): string {
  const out: string[] = [];
  for (const m of t.messages ?? []) {
    const where = m.channel_name ? `#${m.channel_name}` : (m.channel ?? 'channel');
    const body = renderBlocks(m.blocks);
    out.push(
      `── ${m.ephemeral ? `only you can see this, in ${where}` : `in ${where}`}`,
      ...(body.length ? body : [displayMrkdwn(m.text ?? '')]),
      ...clickHint(m.blocks),
      '',
    );
  }
  for (const v of t.views ?? []) {
    const inputs = v.inputs?.length ? ` asking for: ${v.inputs.join(', ')}` : '';
    out.push(
      `── a form opened for you: "${v.title ?? ''}"${inputs}`,
      'Submitting forms from the terminal is not supported yet (a later version adds it); nothing was submitted.',
      '',
    );
  }
  if (out.length === 0) out.push(t.ack ? `(acknowledged: ${JSON.stringify(t.ack)})` : '(no answer)');
  return `${out.join('\n')}\n`;
}
