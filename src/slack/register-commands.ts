import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SecretValues } from '../core/text/secret-values.js';
import type { Metrics } from '../metrics.js';
import { noticeReply } from './blocks/command-reply.js';
import type { SlashCommand } from './slash-command.js';

/**
 * Routes each slash command to its thin command file through one Bolt listener (Bolt runs every listener's
 * middleware on every request, so fewer listeners keep the ack fast). The reply is the ack body, so Slack shows it
 * at once; work that takes longer runs after the ack. A handler that throws still gets an answer, and never a
 * half-done change: state is written before side effects by the handlers themselves. The configured secret
 * values are redacted from every reply.
 */
export function registerCommands(
  app: App,
  commands: readonly SlashCommand[],
  metrics: Metrics,
  logger: Logger,
  secrets: SecretValues,
): void {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const names = new RegExp(`^(${commands.map((c) => c.name.replace('/', '\\/')).join('|')})$`);
  app.command(names, async ({ command: payload, ack }) => {
    const command = byName.get(payload.command);
    if (!command) return;
    let result: Awaited<ReturnType<SlashCommand['run']>>;
    try {
      result = await command.run(payload.text ?? '', {
        userId: payload.user_id,
        channelId: payload.channel_id,
        teamId: payload.team_id,
        triggerId: payload.trigger_id,
        responseUrl: payload.response_url,
      });
    } catch (err) {
      logger.error({ err, command: command.name }, 'command failed');
      metrics.commands.inc({ command: command.name, outcome: 'error' });
      await ack(noticeReply(`:x: ${command.name} failed unexpectedly; nothing was changed. Try again.`));
      return;
    }
    await ack(secrets.redactDeep(result.reply));
    metrics.commands.inc({ command: command.name, outcome: result.outcome });
    if (result.after) {
      await result
        .after()
        .catch((err: unknown) => logger.error({ err, command: command.name }, 'follow-up failed'));
    }
  });
}
