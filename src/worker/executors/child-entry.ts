/** Entry of a `process` executor's child: serves attempts over the IPC channel fork() opened. */
import { serveTasks } from './task-runner.js';

const send = process.send?.bind(process);
if (!send) throw new Error('child-entry runs in a child started by fork()');

// The parent is gone (it closed the channel, or it died without a chance to): leave with it, so a
// crashed worker process never leaves orphans behind. Handler modules may hold timers or sockets that
// would otherwise keep this process alive.
process.on('disconnect', () => process.exit(0));

serveTasks({
  // The callback swallows the error of a send after the parent closed the channel; `disconnect` exits.
  send: (message) => void send(message, undefined, undefined, () => undefined),
  listen: (onMessage) => process.on('message', onMessage),
});
