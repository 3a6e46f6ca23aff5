/**
 * A chaos worker: runs `record` jobs (it writes the run to the ledger, then returns its attempt and pid)
 * until it is killed or told to stop. Prints `ready` once started; tickwork's warnings go to stdout as
 * JSON lines, where the test reads the stale outcomes that fencing rejected.
 */
import { pino } from 'pino';
import {
  chaosEnvFromVariables,
  openChaosTickwork,
  WORKER_CONCURRENCY,
  WORKER_LEASE_MS,
  WORKER_REAP_MS,
} from './chaos-env.js';
import { RunRecorder } from './run-ledger.js';

const env = chaosEnvFromVariables(process.env);
const ledger = new RunRecorder(env.databaseUrl);
const { tw, close } = await openChaosTickwork(env, {
  roles: ['worker'],
  logger: pino({ level: 'warn' }),
  drainTimeout: '1s',
  worker: { concurrency: WORKER_CONCURRENCY, lease: WORKER_LEASE_MS, reapInterval: WORKER_REAP_MS },
});
tw.handle('record', async (_payload, ctx) => {
  await ledger.record({ jobId: ctx.job.id, attempt: ctx.job.attempt, pid: process.pid });
  return { attempt: ctx.job.attempt, pid: process.pid };
});
process.stdout.write('ready\n');
await tw.run();
await close();
await ledger.close();
