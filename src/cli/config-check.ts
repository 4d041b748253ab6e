import { Command } from 'commander';
import { checkConfigFile, isEnvironmentPolicy } from '../config/check-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import { readRuntimeEnv } from '../runtime-env.js';
import { workspacePeople } from '../slack/workspace-people.js';
import { checkRoleMembers } from './check-role-members.js';
import { checkWatchQueries } from './check-watch-queries.js';

/**
 * `shipgate config check [file] [--slack] [--prometheus]`: prints OK or every problem with its key path and line,
 * exits non-zero on problems; with `--slack`, also asks Slack (`SLACK_BOT_TOKEN`, `SLACK_API_URL`) whether every
 * role member is a person; with `--prometheus`, also asks `metrics.prometheus` whether every watch query parses.
 */
export function configCheckCommand(): Command {
  const config = new Command('config').description('work with the configuration files');
  config
    .command('check')
    .argument(
      '[file]',
      'a main config or an environment policy file (default: $SHIPGATE_CONFIG, config/shipgate.yml, or the example)',
    )
    .option('--slack', 'also ask Slack whether every role member is a person (needs SLACK_BOT_TOKEN)')
    .option('--prometheus', 'also ask metrics.prometheus whether every watch query parses')
    .description('validate a configuration file and print every problem with its line')
    .action(async (file: string | undefined, options: { slack?: boolean; prometheus?: boolean }) => {
      const path = file ?? resolveConfigPath();
      const result = checkConfigFile(path);
      process.stdout.write(`${result.output.trimEnd()}\n`);
      process.exitCode = result.exitCode;
      if (!result.ok || !(options.slack || options.prometheus)) return;
      if (isEnvironmentPolicy(path)) {
        process.stdout.write(
          'Online checks: --slack and --prometheus check a main config; this file is an environment policy\n',
        );
        return;
      }
      if (options.prometheus) {
        const queries = await checkWatchQueries(loadConfig(path));
        process.stdout.write(`${queries.output}\n`);
        process.exitCode = Math.max(Number(process.exitCode ?? 0), queries.exitCode);
      }
      if (!options.slack) return;
      const env = readRuntimeEnv();
      if (!env.SLACK_BOT_TOKEN) {
        process.stdout.write(
          'Slack: --slack needs SLACK_BOT_TOKEN (and SLACK_API_URL for another Web API host)\n',
        );
        process.exitCode = 2;
        return;
      }
      const loaded = loadConfig(path);
      const slack = await checkRoleMembers(
        loaded,
        workspacePeople(env.SLACK_BOT_TOKEN, env.SLACK_API_URL),
        new Date(),
      );
      process.stdout.write(`${slack.output}\n`);
      process.exitCode = Math.max(Number(process.exitCode ?? 0), slack.exitCode);
    });
  return config;
}
