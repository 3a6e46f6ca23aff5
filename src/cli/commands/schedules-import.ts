import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { cron } from '../../triggers/index.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { withClient, withClientOptions, type ClientFlags } from '../client-options.js';
import { CrontabError, parseCrontab, type CrontabEntry } from '../crontab/parse-crontab.js';
import { renderTable } from '../output/table.js';
import { when } from '../output/output.js';
import { createProgress } from '../output/progress.js';
import { parseInteger } from '../parse.js';

interface ImportFlags extends ClientFlags {
  prefix: string;
  maxAttempts?: number;
  paused?: boolean;
}

/**
 * `tickwork schedules import <crontab>`: one schedule per crontab line, running its command through
 * the shell executor (handler `shell`, off on the server unless it allow-lists the commands). Ids
 * derive from the line's trigger, zone and command, so importing the same file again updates in place.
 */
export function importCommand(): Command {
  return withClientOptions(
    new Command('import')
      .description('turn a crontab into schedules that run its commands through the shell executor')
      .argument('<crontab>', 'a crontab file (user format: five fields and a command), or - for stdin')
      .option('--prefix <prefix>', 'schedule ids are <prefix>:<hash of the line>', 'crontab')
      .option('--max-attempts <n>', 'attempts per run [1, as cron]', parseInteger)
      .option('--paused', 'create the schedules paused'),
  ).action(async (file: string, flags: ImportFlags) => {
    let entries: CrontabEntry[];
    try {
      const text = readFileSync(file === '-' ? 0 : file, 'utf8');
      entries = parseCrontab(text, flags.prefix);
    } catch (error) {
      if (error instanceof CrontabError) throw new CliError(`${file}: ${error.message}`, EXIT.invalidArgument);
      throw usageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (entries.length === 0) throw new CliError(`${file}: no schedule lines`, EXIT.invalidArgument);
    // Every trigger is checked before anything is written: a bad line stops the import whole.
    for (const e of entries) {
      try {
        cron(e.expression, { timezone: e.timezone });
      } catch (error) {
        const problem = error instanceof Error ? error.message : String(error);
        throw new CliError(`${file}: line ${e.line}: ${problem}`, EXIT.invalidArgument);
      }
    }
    await withClient(flags, async (client, out) => {
      const results = [];
      const progress = flags.json ? null : createProgress(entries.length, 'imported');
      for (const e of entries) {
        const { schedule, created } = await client.schedules.upsert({
          id: e.id,
          trigger: cron(e.expression, { timezone: e.timezone }),
          handler: 'shell',
          payload: Object.keys(e.env).length > 0 ? { command: e.command, env: e.env } : { command: e.command },
          job: { maxAttempts: flags.maxAttempts ?? 1 },
          ...(flags.paused ? { paused: true } : {}),
        });
        results.push({ line: e.line, created, schedule });
        progress?.update(results.length);
      }
      progress?.end();
      out.data({ imported: results.map((r) => ({ line: r.line, created: r.created, schedule: r.schedule })) });
      out.say(
        renderTable(
          ['line', 'id', 'cron', 'zone', 'command', 'result', 'next fire'],
          results.map((r, i) => [
            String(r.line),
            r.schedule.id,
            entries[i]!.expression,
            entries[i]!.timezone,
            entries[i]!.command,
            r.created ? 'created' : 'updated',
            when(r.schedule.nextFireAt),
          ]),
        ),
      );
    });
  });
}
