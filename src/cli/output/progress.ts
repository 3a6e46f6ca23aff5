/**
 * A progress line on stderr for long operations: redrawn in place on a terminal, printed every 10%
 * otherwise (logs and CI stay readable), never on stdout (which `--json` keeps for the document).
 */
export function createProgress(total: number, what: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDecile = -1;
  const line = (done: number) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const pct = Math.floor((done / total) * 100);
    return `${what} ${done}/${total} (${pct}%, ${Math.round(done / seconds)}/s)`;
  };
  return {
    update(done: number): void {
      if (stream.isTTY) {
        stream.write(`\r${line(done)}`);
        return;
      }
      const decile = Math.floor((done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${line(done)}\n`);
      }
    },
    end(): void {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
