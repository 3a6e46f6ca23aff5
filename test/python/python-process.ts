import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Debian's interpreter, where python3-grpcio and python3-protobuf are installed (not a pyenv shim). */
export const PYTHON = '/usr/bin/python3';

export interface PythonResult {
  code: number;
  output: string;
}

/**
 * Checks what the Python tests need and generates the tickwork.v1 stubs (clients/python/generate.sh).
 * Fails with the Debian packages to install when something is missing.
 */
export function preparePython(): void {
  const imports = spawnSync(PYTHON, ['-c', 'import grpc, google.protobuf'], { encoding: 'utf8' });
  if (imports.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import grpc and google.protobuf: apt-get install python3-grpcio python3-protobuf\n${imports.stderr ?? ''}`,
    );
  }
  generateIfStale('clients/python/generate.sh', 'proto/tickwork/v1', 'clients/python/tickwork/v1/workers_pb2_grpc.py');
}

/**
 * Runs a stub generator unless its output is newer than every .proto it comes from: test files run in
 * parallel, and regenerating under a running Python test would pull its modules away.
 */
export function generateIfStale(script: string, protoDir: string, marker: string): void {
  const out = join(ROOT, marker);
  if (existsSync(out)) {
    const built = statSync(out).mtimeMs;
    const dir = join(ROOT, protoDir);
    const sources = readdirSync(dir).filter((f) => f.endsWith('.proto'));
    if (sources.every((f) => statSync(join(dir, f)).mtimeMs <= built)) return;
  }
  const gen = spawnSync('sh', [script], { cwd: ROOT, encoding: 'utf8' });
  if (gen.status !== 0) {
    throw new Error(
      `${script} failed (it needs Debian's protobuf-compiler and protobuf-compiler-grpc):\n${gen.stderr}`,
    );
  }
}

/** Runs `python3 <args>` with clients/python (and `extraPath`) importable; resolves with its output. */
export function runPython(
  args: string[],
  env: Record<string, string>,
  extraPath: string[] = [],
  timeoutMs = 200_000,
): Promise<PythonResult> {
  const path = [`${ROOT}clients/python`, ...extraPath].join(':');
  return new Promise((resolve) => {
    execFile(
      PYTHON,
      args,
      {
        cwd: ROOT,
        env: { ...process.env, PYTHONPATH: path, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', ...env },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** How many unittest tests ran, from its summary line; throws with the output if it did not pass. */
export function unittestPassed(result: PythonResult): number {
  const ran = /^Ran (\d+) tests? in/m.exec(result.output);
  if (result.code !== 0 || !ran || !/^OK\b/m.test(result.output)) {
    throw new Error(`python tests failed (exit ${result.code}):\n${result.output}`);
  }
  return Number(ran[1]);
}
