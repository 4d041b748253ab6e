import { Command } from 'commander';
import { checkConfigFile } from '../config/check-config-file.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';

/** `shipgate config check [file]`: prints OK or every problem with its key path and line, exits non-zero on problems. */
export function configCheckCommand(): Command {
  const config = new Command('config').description('work with the configuration files');
  config
    .command('check')
    .argument(
      '[file]',
      'a main config or an environment policy file (default: $SHIPGATE_CONFIG, config/shipgate.yml, or the example)',
    )
    .description('validate a configuration file and print every problem with its line')
    .action((file: string | undefined) => {
      const result = checkConfigFile(file ?? resolveConfigPath());
      process.stdout.write(`${result.output.trimEnd()}\n`);
      process.exitCode = result.exitCode;
    });
  return config;
}
