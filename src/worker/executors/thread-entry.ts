/** Entry of a `thread` executor's worker thread: serves attempts over the parent port. */
import { parentPort } from 'node:worker_threads';
import { serveTasks } from './task-runner.js';

const port = parentPort;
if (!port) throw new Error('thread-entry runs in a worker thread');

serveTasks({
  send: (message) => port.postMessage(message),
  listen: (onMessage) => port.on('message', onMessage),
});
