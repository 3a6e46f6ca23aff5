/**
 * What a phase cost outside the benchmark process: Redis memory and CPU from INFO, PostgreSQL's CPU
 * from /proc of its server processes (the harness runs it on this machine).
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_S = 100;

function infoField(info: string, field: string): number {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match ? Number(match[1]) : NaN;
}

export async function redisUsedMemory(redis: Redis): Promise<number> {
  return infoField(await redis.info('memory'), 'used_memory');
}

/** Redis CPU seconds so far (main thread and children, user + system). */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return ['used_cpu_sys', 'used_cpu_user', 'used_cpu_sys_children', 'used_cpu_user_children']
    .map((f) => infoField(info, f))
    .filter((x) => Number.isFinite(x))
    .reduce((a, b) => a + b, 0);
}

/** CPU seconds of one process from /proc, or null when it is gone or not ours to read. */
function procCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S; // utime, stime (fields 14, 15)
  } catch {
    return null;
  }
}

/**
 * PostgreSQL's CPU, per process: backends and background workers (pg_stat_activity), read from /proc.
 * A phase's cost is `since(before)` taken before its connections close.
 */
export class PostgresCpu {
  constructor(private readonly databaseUrl: string) {}

  async sample(): Promise<Map<number, number>> {
    const client = new pg.Client(this.databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity');
      const sample = new Map<number, number>();
      for (const { pid } of rows) {
        const cpu = procCpuSeconds(pid);
        if (cpu !== null) sample.set(pid, cpu);
      }
      return sample;
    } finally {
      await client.end();
    }
  }

  /** Seconds used since `before` by the processes alive now (a new one counts from zero). */
  static since(before: Map<number, number>, after: Map<number, number>): number {
    let total = 0;
    for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
    return total;
  }
}

/** Everything a phase cost, in CPU seconds: this process (producer and worker), Redis, PostgreSQL. */
export interface CpuCost {
  processS: number;
  redisS: number;
  postgresS: number;
}

export async function measureCpu<T>(
  redis: Redis,
  postgres: PostgresCpu,
  run: (beforeClose: () => Promise<void>) => Promise<T>,
): Promise<{ result: T; cost: CpuCost }> {
  const process0 = process.cpuUsage();
  const redis0 = await redisCpuSeconds(redis);
  const pg0 = await postgres.sample();
  let pgEnd: Map<number, number> | null = null;
  let processEnd: NodeJS.CpuUsage | null = null;
  let redisEnd = 0;
  const result = await run(async () => {
    processEnd = process.cpuUsage(process0);
    redisEnd = await redisCpuSeconds(redis);
    pgEnd = await postgres.sample();
  });
  const usage: NodeJS.CpuUsage = processEnd ?? process.cpuUsage(process0);
  return {
    result,
    cost: {
      processS: (usage.user + usage.system) / 1e6,
      redisS: (redisEnd || (await redisCpuSeconds(redis))) - redis0,
      postgresS: PostgresCpu.since(pg0, pgEnd ?? (await postgres.sample())),
    },
  };
}
