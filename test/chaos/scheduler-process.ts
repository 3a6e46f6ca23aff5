/** A chaos scheduler: fires the schedules it leases until it is killed or told to stop. Prints `ready`. */
import { pino } from 'pino';
import { chaosEnvFromVariables, openChaosTickwork, SCHEDULER_BATCH, SCHEDULER_LEASE_MS } from './chaos-env.js';

const env = chaosEnvFromVariables(process.env);
const { tw, close } = await openChaosTickwork(env, {
  roles: ['scheduler'],
  logger: pino({ level: 'warn' }),
  scheduler: { lease: SCHEDULER_LEASE_MS, batchSize: SCHEDULER_BATCH },
});
process.stdout.write('ready\n');
await tw.run();
await close();
