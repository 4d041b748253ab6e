import { Command } from 'commander';
import { checkConfigFile, isEnvironmentPolicy } from '../config/check-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import { readRuntimeEnv } from '../runtime-env.js';
import { workspacePeople } from '../slack/workspace-people.js';
import { checkRoleMembers } from './check-role-members.js';

/**
 * `shipgate config check [file] [--slack]`: prints OK or every problem with its key path and line, exits non-zero
 * on problems; with `--slack`, also asks Slack (`SLACK_BOT_TOKEN`, `SLACK_API_URL`) whether every role member is a
 * person.
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
    .description('validate a configuration file and print every problem with its line')
    .action(async (file: string | undefined, options: { slack?: boolean }) => {
      const path = file ?? resolveConfigPath();
      const result = checkConfigFile(path);
      process.stdout.write(`${result.output.trimEnd()}\n`);
      process.exitCode = result.exitCode;
      if (!options.slack || !result.ok) return;
      if (isEnvironmentPolicy(path)) {
        process.stdout.write(
          'Slack: --slack checks the roles of a main config; this file is an environment policy\n',
        );
        return;
      }
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
      process.exitCode = slack.exitCode;
    });
  return config;
}
