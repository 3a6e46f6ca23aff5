#!/usr/bin/env node
// The `tickwork` command. Exit codes: src/cli/README.md.
import { CommanderError } from 'commander';
import { describeError, exitCodeOf } from './exit-code.js';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    const code = exitCodeOf(error);
    // commander has printed its own usage errors and help already.
    if (!(error instanceof CommanderError)) process.stderr.write(`tickwork: ${describeError(error)}\n`);
    process.exitCode = code;
  }
}

await main(process.argv);
