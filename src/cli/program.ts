import { Command } from 'commander';
import { tickworkVersion } from '../api/version.js';
import { enqueueCommand } from './commands/enqueue.js';
import { jobsCommand } from './commands/jobs.js';
import { migrateCommand } from './commands/migrate.js';
import { schedulesCommand } from './commands/schedules.js';
import { serveCommand } from './commands/serve.js';
import { workerCommand } from './commands/worker.js';

/** The `tickwork` command tree. Errors are thrown, not printed: main.ts turns them into exit codes. */
export function buildProgram(): Command {
  const program = new Command('tickwork')
    .description('a durable scheduler and task dispatcher')
    .version(tickworkVersion())
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(serveCommand())
    .addCommand(workerCommand())
    .addCommand(enqueueCommand())
    .addCommand(jobsCommand())
    .addCommand(schedulesCommand())
    .addCommand(migrateCommand());
  // commander exits the process itself on usage errors; here they become exceptions with exit code 2.
  const override = (cmd: Command) => {
    cmd.exitOverride();
    for (const sub of cmd.commands) override(sub);
  };
  override(program);
  return program;
}
