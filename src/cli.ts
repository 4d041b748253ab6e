import { Command } from 'commander';
import { agentCliCommand } from './cli/agent.js';
import { auditCommand } from './cli/audit.js';
import { backupCommand } from './cli/backup.js';
import { boundaryCliCommand } from './cli/boundary.js';
import { changelogCommand } from './cli/changelog.js';
import { clickCommand } from './cli/click.js';
import { configCheckCommand } from './cli/config-check.js';
import { dbCliCommand } from './cli/db-copy.js';
import { mcpCliCommand } from './cli/mcp-bridge.js';
import { newCliCommand } from './cli/new.js';
import { readinessCliCommand } from './cli/readiness.js';
import { reportCommand } from './cli/report.js';
import { restoreCommand } from './cli/restore.js';
import { sandboxCliCommand } from './cli/sandbox-reset.js';
import { sayCommand } from './cli/say.js';
import { schemaCliCommand } from './cli/schema.js';

/** `npx shipgate …`: operator commands (config check, talking to the sandbox, the audit trail). */
const program = new Command('shipgate').description('Shipgate: deploys, rollbacks and incidents from Slack');
program.addCommand(configCheckCommand());
program.addCommand(schemaCliCommand());
program.addCommand(sayCommand());
program.addCommand(clickCommand());
program.addCommand(reportCommand());
program.addCommand(readinessCliCommand());
program.addCommand(changelogCommand());
program.addCommand(boundaryCliCommand());
program.addCommand(auditCommand());
program.addCommand(agentCliCommand());
program.addCommand(mcpCliCommand());
program.addCommand(sandboxCliCommand());
program.addCommand(newCliCommand());
program.addCommand(backupCommand());
program.addCommand(restoreCommand());
program.addCommand(dbCliCommand());
program
  .command('start')
  .description('start Shipgate (the sandbox when no Slack tokens are set), same as npm start')
  .action(async () => {
    await import('./main.js');
  });
await program.parseAsync(process.argv);
