import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Argument, Command } from 'commander';
import {
  CONFIG_SCHEMA_NAMES,
  CONFIG_SCHEMAS,
  type ConfigSchemaName,
  configSchemaText,
} from '../core/config/config-json-schema.js';
import { configReferenceMarkdown } from '../core/config/config-reference.js';

/**
 * `npx shipgate schema [main|environment|readiness]`: prints the JSON Schema of a config file (the committed copies
 * under `schema/` are kept equal to it by a test); `--markdown` prints the README's configuration reference table
 * instead, and `--write [dir]` writes all three schema files (default `schema/`).
 */
export function schemaCliCommand(): Command {
  return new Command('schema')
    .description('print the JSON Schema of a config file (editors validate and complete the YAML with it)')
    .addArgument(
      new Argument('[name]', 'which file: the main config, an environment policy or the readiness checklist')
        .choices(CONFIG_SCHEMA_NAMES)
        .default('main'),
    )
    .option('--markdown', "print the README's configuration reference table of the file instead")
    .option('--write [dir]', 'write all three schema files into dir (default: schema)')
    .action((name: ConfigSchemaName, options: { markdown?: boolean; write?: string | boolean }) => {
      if (options.write !== undefined) {
        const dir = resolve(typeof options.write === 'string' ? options.write : 'schema');
        mkdirSync(dir, { recursive: true });
        for (const each of CONFIG_SCHEMA_NAMES) {
          const path = join(dir, CONFIG_SCHEMAS[each].file);
          writeFileSync(path, configSchemaText(each));
          process.stdout.write(`wrote ${relative(process.cwd(), path) || path}\n`);
        }
        return;
      }
      process.stdout.write(options.markdown ? `${configReferenceMarkdown(name)}\n` : configSchemaText(name));
    });
}
