import { Command, Option } from 'commander';
import type { ClientSchedule } from '../../client/model.js';
import { usageError } from '../cli-error.js';
import { withClient, withClientOptions, type ClientFlags } from '../client-options.js';
import { jobDetails, scheduleDetails, schedulesTable, when } from '../output/output.js';
import { parseDuration, parseInteger, parseTime } from '../parse.js';
import { importCommand } from './schedules-import.js';
import { definitionFromFlags, triggerFromFlags, type TriggerFlags, type UpsertFlags } from './schedule-input.js';

function triggerOptions(cmd: Command): Command {
  return cmd
    .option('--cron <expression>', 'a cron expression, 5 fields or 6 with seconds ("0 3 * * *")')
    .option('--tz <zone>', 'the cron time zone (Asia/Shanghai) [UTC]')
    .option('--every <duration>', 'an interval (30s, 5m, 1h)', parseDuration)
    .option('--at <time>', 'once, at this time (ISO 8601 or epoch ms)', parseTime)
    .option('--trigger <json>', 'any trigger spec as JSON, @file, or -');
}

/** A by-id command printing the schedule. */
function scheduleAction(
  name: string,
  description: string,
  run: (c: Parameters<Parameters<typeof withClient>[1]>[0], id: string) => Promise<ClientSchedule>,
  verb: string,
): Command {
  return withClientOptions(new Command(name).description(description).argument('<id>', 'the schedule id')).action(
    async (id: string, flags: ClientFlags) => {
      await withClient(flags, async (client, out) => {
        const schedule = await run(client, id);
        out.data(schedule);
        out.say(`${verb} ${schedule.id}; next fire ${when(schedule.nextFireAt)}`);
      });
    },
  );
}

function listCommand(): Command {
  return withClientOptions(
    new Command('ls')
      .description('list schedules by id')
      .option('--paused', 'only paused schedules')
      .option('--active', 'only schedules that are not paused')
      .option('--handler <name>', 'only schedules of this handler')
      .option('--limit <n>', 'schedules per page, 1-1000 [100]', parseInteger)
      .option('--page-token <token>', 'the next page, from a previous listing'),
  ).action(
    async (
      flags: ClientFlags & { paused?: boolean; active?: boolean; handler?: string; limit?: number; pageToken?: string },
    ) => {
      if (flags.paused && flags.active) throw usageError('give --paused or --active, not both');
      await withClient(flags, async (client, out) => {
        const page = await client.schedules.list(
          {
            ...(flags.paused ? { paused: true } : flags.active ? { paused: false } : {}),
            ...(flags.handler ? { handler: flags.handler } : {}),
          },
          { ...(flags.limit !== undefined ? { limit: flags.limit } : {}), cursor: flags.pageToken ?? null },
        );
        out.data({ schedules: page.items, nextPageToken: page.nextCursor });
        out.say(page.items.length === 0 ? 'no schedules' : schedulesTable(page.items));
        if (page.nextCursor) out.say(`more: --page-token ${page.nextCursor}`);
      });
    },
  );
}

function getCommand(): Command {
  return withClientOptions(
    new Command('get').description('show one schedule').argument('<id>', 'the schedule id'),
  ).action(async (id: string, flags: ClientFlags) => {
    await withClient(flags, async (client, out) => {
      const schedule = await client.schedules.get(id);
      out.data(schedule);
      out.say(scheduleDetails(schedule));
    });
  });
}

function upsertCommand(): Command {
  const cmd = new Command('upsert')
    .description('create a schedule, or update the one with this id (an unchanged trigger keeps its position)')
    .argument('[id]', 'the stable schedule id (or "id" in --file)')
    .option('--file <path>', 'a ScheduleDefinition as JSON (flags override its fields)')
    .option('--handler <name>', 'the handler each fire runs')
    .option('--payload <json>', 'the payload of each occurrence: JSON, @file, or -')
    .option('--queue <queue>', 'queue [default]')
    .option('--max-attempts <n>', 'attempts per occurrence [3]', parseInteger)
    .option('--timeout <duration>', 'per-attempt time limit', parseDuration)
    .option('--paused', 'write the schedule paused')
    .option('--misfire-grace <duration>', 'a fire later than this does not run', parseDuration)
    .addOption(new Option('--coalesce <policy>', 'which missed fires run').choices(['latest', 'earliest', 'all']))
    .addOption(
      new Option('--overlap <policy>', 'when earlier occurrences are live').choices([
        'allow',
        'skip',
        'queue-one',
        'cancel-previous',
      ]),
    );
  return withClientOptions(triggerOptions(cmd)).action(
    async (id: string | undefined, flags: ClientFlags & UpsertFlags) => {
      const definition = definitionFromFlags(id, flags);
      await withClient(flags, async (client, out) => {
        const { schedule, created } = await client.schedules.upsert(definition);
        out.data({ schedule, created });
        out.say(`${created ? 'created' : 'updated'} ${schedule.id}; next fire ${when(schedule.nextFireAt)}`);
      });
    },
  );
}

function removeCommand(): Command {
  return withClientOptions(
    new Command('rm').description('delete a schedule (its occurrences stay)').argument('<id>', 'the schedule id'),
  ).action(async (id: string, flags: ClientFlags) => {
    await withClient(flags, async (client, out) => {
      await client.schedules.delete(id);
      out.data({ id, deleted: true });
      out.say(`deleted ${id}`);
    });
  });
}

function runCommand(): Command {
  return withClientOptions(
    new Command('run')
      .description('make one occurrence now; the next fire does not move')
      .argument('<id>', 'the schedule id'),
  ).action(async (id: string, flags: ClientFlags) => {
    await withClient(flags, async (client, out) => {
      const job = await client.schedules.runNow(id);
      out.data(job);
      out.say(jobDetails(job));
    });
  });
}

function previewCommand(): Command {
  const cmd = new Command('preview')
    .description('the next fire times of a schedule, or of a trigger given by flags')
    .argument('[id]', 'a stored schedule')
    .option('--count <n>', 'how many, 1-1000 [5]', parseInteger)
    .option('--after <time>', 'with a trigger: fires after this time [now]', parseTime);
  return withClientOptions(triggerOptions(cmd)).action(
    async (id: string | undefined, flags: ClientFlags & TriggerFlags & { count?: number; after?: number }) => {
      const trigger = triggerFromFlags(flags);
      if (id !== undefined && trigger !== null) throw usageError('give a schedule id or a trigger, not both');
      if (id === undefined && trigger === null)
        throw usageError('give a schedule id, or a trigger (--cron, --every, --at, --trigger)');
      await withClient(flags, async (client, out) => {
        const times = await client.schedules.preview(id ?? trigger!, {
          ...(flags.count !== undefined ? { count: flags.count } : {}),
          ...(flags.after !== undefined ? { after: flags.after } : {}),
        });
        out.data({ fireTimes: times.map((t) => new Date(t).toISOString()) });
        out.say(times.length === 0 ? 'no more fires' : times.map((t) => when(t)).join('\n'));
      });
    },
  );
}

export function schedulesCommand(): Command {
  return new Command('schedules')
    .description('inspect and manage schedules')
    .addCommand(listCommand())
    .addCommand(getCommand())
    .addCommand(upsertCommand())
    .addCommand(
      scheduleAction(
        'pause',
        'stop firing (missed fires follow the misfire policy on resume)',
        (c, id) => c.schedules.pause(id),
        'paused',
      ),
    )
    .addCommand(scheduleAction('resume', 'fire again', (c, id) => c.schedules.resume(id), 'resumed'))
    .addCommand(removeCommand())
    .addCommand(runCommand())
    .addCommand(previewCommand())
    .addCommand(importCommand());
}
