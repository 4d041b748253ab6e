import { Command } from 'commander';
import type { GeneratorContext, GeneratorResult } from './generator-result.js';
import { newDeployConfig } from './new-deploy-config.js';
import { newEnvironment } from './new-environment.js';
import { newIncidentReport } from './new-incident-report.js';
import { newReadiness } from './new-readiness.js';
import { newReleaseNotes } from './new-release-notes.js';
import { newRollbackRunbook } from './new-rollback-runbook.js';
import { newService } from './new-service.js';

const CONFIG_HELP = 'the main config (default: $SHIPGATE_CONFIG, config/shipgate.yml, or the example)';
const DB_HELP =
  'a SQLite database, read-only (default: PostgreSQL when $SHIPGATE_DATABASE_URL is set, else $SHIPGATE_DB or data/shipgate.db)';
const FORCE_HELP = 'overwrite a file (or replace a service block) that is already there';
const STRATEGIES = 'blue-green, canary, rolling or recreate';

function context(): GeneratorContext {
  return { cwd: process.cwd(), env: process.env, now: new Date() };
}

function finish(result: GeneratorResult): void {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

function withCommon(command: Command, out: string): Command {
  return command
    .option('--config <path>', CONFIG_HELP)
    .option('--out <path>', out)
    .option('--force', FORCE_HELP);
}

/**
 * `shipgate new <kind> …`: generators for the chapter's documents and config. Config (environment policies, service
 * blocks, both at once) goes into the config folder and must pass `config check`; documents go to `docs/<kind>/`.
 * Each refuses to overwrite without `--force` and prints where it wrote; exit 0 written, 1 refused, 2 bad input.
 */
export function newCliCommand(): Command {
  const command = new Command('new').description(
    "generate the chapter's config and documents: environment policies, service blocks, runbooks, reports",
  );
  command.addCommand(
    withCommon(
      new Command('environment')
        .description("write an environment policy in the chapter's 3.4 format, then run config check")
        .argument('<name>', 'the environment, e.g. qa')
        .option('--strategy <strategy>', `${STRATEGIES} (default: blue-green for production, else rolling)`)
        .option(
          '--approvers <roles>',
          'comma-separated approver roles; requires approval (production: the 3.4 pair)',
        )
        .option('--no-approval', 'deploys need no human approval (refused for production)'),
      'where to write it (default: <environments_dir>/<name>-deployment.yml next to the main config)',
    ).action((name: string, options) => finish(newEnvironment(name, options, context()))),
  );
  command.addCommand(
    new Command('service')
      .description('print a services.<name> block that passes config check (or put it into the main file)')
      .argument('<name>', 'the service, e.g. billing')
      .option('--env <envs>', 'comma-separated environments it deploys to (default: every configured one)')
      .option('--channel <channel>', "where its deploys are posted (default: the first service's channel)")
      .option('--write', 'put the block under services: in the main file, then run config check')
      .option('--config <path>', CONFIG_HELP)
      .option('--force', 'with --write, replace a service of that name')
      .action((name: string, options) => finish(newService(name, options, context()))),
  );
  command.addCommand(
    withCommon(
      new Command('deploy-config')
        .description('write the environment policy (unless it exists) and the service block for one service')
        .argument('<service>', 'the service, e.g. billing')
        .option('--env <env>', 'the environment (default: production)')
        .option('--strategy <strategy>', `${STRATEGIES}, for a new environment policy`)
        .option('--approvers <roles>', 'comma-separated approver roles, for a new environment policy')
        .option('--no-approval', 'a new environment policy needs no human approval (refused for production)')
        .option('--channel <channel>', "where its deploys are posted (default: the first service's channel)"),
      'where to write the environment policy (default: <environments_dir>/<env>-deployment.yml)',
    ).action((service: string, options) => finish(newDeployConfig(service, options, context()))),
  );
  command.addCommand(
    withCommon(
      new Command('rollback-runbook')
        .description(
          "write the chapter's 4.3 rollback procedure for the service's strategy and step commands",
        )
        .argument('<service>', 'a configured service, e.g. checkout')
        .option('--env <env>', 'the environment (default: production)'),
      'where to write it (default: docs/rollback-runbooks/<service>-<env>.md)',
    ).action((service: string, options) => finish(newRollbackRunbook(service, options, context()))),
  );
  command.addCommand(
    withCommon(
      new Command('readiness')
        .description(
          "write the service's readiness checklist document, each item with how Shipgate checks it",
        )
        .argument('<service>', 'a configured service, e.g. checkout')
        .option('--env <env>', 'the environment (default: production)')
        .option('--version <version>', 'the version (default: the newest one deployed to the environment)')
        .option('--db <path>', DB_HELP),
      'where to write it (default: docs/readiness/<service>.md)',
    ).action(async (service: string, options) => finish(await newReadiness(service, options, context()))),
  );
  command.addCommand(
    withCommon(
      new Command('incident-report')
        .description("write an incident's post-incident report, or the empty template with blank")
        .argument('<id>', 'an incident id such as INC-2026-0007, or blank')
        .option('--db <path>', DB_HELP),
      'where to write it (default: docs/incident-reports/<id>.md)',
    ).action(async (id: string, options) => finish(await newIncidentReport(id, options, context()))),
  );
  command.addCommand(
    withCommon(
      new Command('release-notes')
        .description("write a version's 4.4 release notes from the service's conventional commits")
        .argument('<service>', 'a configured service, e.g. checkout')
        .argument('<version>', 'the version, e.g. 2.5.4')
        .option(
          '--env <env>',
          'the environment whose deploy of the version lends its approvals (default: production)',
        )
        .option(
          '--date <yyyy-mm-dd>',
          "the notes' date (default: when that deploy finished, else today in UTC)",
        )
        .option('--db <path>', DB_HELP),
      'where to write it (default: docs/release-notes/<service>-<version>.md)',
    ).action(async (service: string, version: string, options) =>
      finish(await newReleaseNotes(service, version, options, context())),
    ),
  );
  return command;
}
