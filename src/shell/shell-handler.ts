import { spawn } from 'node:child_process';
import { NonRetryableError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import type { Handler } from '../worker/handler.js';
import { CommandPolicy } from './command-policy.js';

/** The built-in handler name of shell jobs; the payload is `{ command, env? }`. */
export const SHELL_HANDLER = 'shell';

export interface ShellOptions {
  /**
   * Commands it may run (exact, or with `*` wildcards). Empty or absent: the executor is off and every
   * shell job fails for good, saying so.
   */
  allow?: readonly string[];
  /** The shell. [/bin/sh] */
  shell?: string;
  /** The most of stdout and stderr kept (each, the end of it). [16 KiB] */
  maxOutputBytes?: number;
}

export interface ShellResult {
  [key: string]: Json;
  exitCode: number;
  stdout: string;
  stderr: string;
}

function fail(retryable: boolean, code: string, message: string): Error {
  return Object.assign(retryable ? new Error(message) : new NonRetryableError(message), { code });
}

/**
 * The `shell` handler: runs `payload.command` with `sh -c` — off unless commands are allow-listed. A
 * command outside the list fails without retry, naming it. Exit 0 succeeds with the output's tail; any
 * other exit is a failed attempt (retried only as the job's maxAttempts allows; imported crontab lines
 * get one attempt, as cron would). Abort (cancel, timeout, shutdown) sends SIGTERM, then SIGKILL.
 */
export function shellHandler(options: ShellOptions = {}): Handler<Json, ShellResult> {
  const policy = new CommandPolicy(options.allow ?? []);
  const shell = options.shell ?? '/bin/sh';
  const max = options.maxOutputBytes ?? 16 * 1024;
  return (payload, ctx) => {
    const p = (payload ?? {}) as { command?: unknown; env?: unknown };
    if (typeof p.command !== 'string' || p.command === '') {
      throw fail(false, 'SHELL_BAD_PAYLOAD', 'payload.command: a shell job needs { command: string }');
    }
    const command = p.command;
    if (policy.entries.length === 0) {
      throw fail(
        false,
        'SHELL_DISABLED',
        `the shell executor is off: "${command}" was not run (allow-list it in shellCommands)`,
      );
    }
    if (!policy.allows(command)) {
      throw fail(false, 'SHELL_COMMAND_NOT_ALLOWED', `command "${command}" is not in the shell allow-list`);
    }
    const env = { ...process.env, ...(isStringRecord(p.env) ? p.env : {}) };
    return new Promise<ShellResult>((resolve, reject) => {
      const child = spawn(shell, ['-c', command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout = tail(max);
      const stderr = tail(max);
      child.stdout.on('data', stdout.push);
      child.stderr.on('data', stderr.push);
      let killer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        child.kill('SIGTERM');
        killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        killer.unref();
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      child.once('error', (error) => {
        ctx.signal.removeEventListener('abort', onAbort);
        reject(fail(true, 'SHELL_SPAWN_FAILED', `${shell}: ${error.message}`));
      });
      child.once('close', (code, signal) => {
        ctx.signal.removeEventListener('abort', onAbort);
        clearTimeout(killer);
        if (ctx.signal.aborted) return reject(ctx.signal.reason);
        const result = { exitCode: code ?? -1, stdout: stdout.text(), stderr: stderr.text() };
        if (code === 0) return resolve(result);
        const why = signal ? `was killed by ${signal}` : `exited with ${code}`;
        const detail = result.stderr.trim().split('\n').at(-1) ?? '';
        reject(
          fail(true, `SHELL_EXIT_${code ?? signal}`, `"${command}" ${why}${detail ? `: ${detail.slice(0, 200)}` : ''}`),
        );
      });
    });
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** Keeps the last `max` bytes written. */
function tail(max: number) {
  let chunks: Buffer[] = [];
  let size = 0;
  return {
    push: (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      while (size - chunks[0]!.length >= max) size -= chunks.shift()!.length;
    },
    text: () => {
      const all = Buffer.concat(chunks);
      chunks = [];
      return all.subarray(Math.max(0, all.length - max)).toString('utf8');
    },
  };
}
