/**
 * A chaos scheduler: fires the schedules it leases until it is killed or told to stop. Prints `ready`.
 * It also runs the `dispatch` role (flusher, promoter, reconciler) where the store has one (the Redis
 * modes): the repairs after a killed process or a Redis restart are that role's job.
 */
import { pino } from 'pino';
import { chaosEnvFromVariables, openChaosTickwork, SCHEDULER_BATCH, SCHEDULER_LEASE_MS } from './chaos-env.js';

const env = chaosEnvFromVariables(process.env);
const { tw, close } = await openChaosTickwork(env, {
  roles: ['scheduler', 'dispatch'],
  logger: pino({ level: 'warn' }),
  scheduler: { lease: SCHEDULER_LEASE_MS, batchSize: SCHEDULER_BATCH },
});
process.stdout.write('ready\n');
await tw.run();
await close();
