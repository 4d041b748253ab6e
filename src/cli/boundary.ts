import { Command } from 'commander';
import { boundaryMarkdown } from '../core/oversight/boundary-markdown.js';

/** `npx shipgate boundary`: prints the oversight boundary table (the README's copy is kept equal to it by a test). */
export function boundaryCliCommand(): Command {
  return new Command('boundary')
    .description('print the oversight boundary: what people, bots, agents and Shipgate itself may do')
    .action(() => {
      process.stdout.write(`${boundaryMarkdown()}\n`);
    });
}
