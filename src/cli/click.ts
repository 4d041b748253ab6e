import { Command, InvalidArgumentError } from 'commander';
import { postToSandbox } from './say.js';

function milliseconds(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0) throw new InvalidArgumentError('give a whole number of milliseconds');
  return ms;
}

/**
 * `shipgate click --as <user> <value> [action]`: clicks a button in the running sandbox as a user — the newest
 * message's button carrying `value` (e.g. a deploy id), `action` picking which (`approve`, `reject`) — and prints
 * what Shipgate answered, like `say`.
 */
export function clickCommand(): Command {
  return new Command('click')
    .description('click a button in the running sandbox as a user and print what Shipgate answered')
    .requiredOption('--as <user>', 'Slack user id or sandbox name (alice, bob, carol, dave, erin, frank)')
    .option(
      '--quiet-ms <ms>',
      'print once Shipgate has been silent this long (default 300); longer shows more of slow work',
      milliseconds,
    )
    .option('--url <url>', 'the Slack stand-in URL (default: from sandbox.json beside $SHIPGATE_DB)')
    .argument('<value>', "the button's value, e.g. a deploy id such as DEP-2026-0001")
    .argument('[action]', 'which button when several carry the value, e.g. approve or reject')
    .action(
      (value: string, action: string | undefined, options: { as: string; quietMs?: number; url?: string }) =>
        postToSandbox(
          '/_standin/click',
          {
            user: options.as,
            value,
            ...(action ? { action } : {}),
            ...(options.quietMs ? { quietMs: options.quietMs } : {}),
          },
          options.url,
        ),
    );
}
