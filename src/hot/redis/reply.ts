/**
 * Readers for script replies. Scripts return flat arrays of strings and integers (documented in each
 * .lua header); these check the shape as they read, so a reply that does not match the script's
 * contract fails loudly instead of becoming a wrong job.
 */
export class ReplyReader {
  constructor(
    private readonly values: readonly unknown[],
    private readonly script: string,
    private index = 0,
  ) {}

  get remaining(): number {
    return this.values.length - this.index;
  }

  private next(): unknown {
    if (this.index >= this.values.length) throw this.fail('too short');
    return this.values[this.index++];
  }

  number(): number {
    const value = this.next();
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (Number.isNaN(n)) throw this.fail(`expected a number, got ${JSON.stringify(value)}`);
    return n;
  }

  string(): string {
    const value = this.next();
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw this.fail(`expected a string, got ${JSON.stringify(value)}`);
  }

  /** A string where the script sends empty (or nil) for "none". */
  optionalString(): string | null {
    const value = this.next();
    if (value === null || value === '') return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw this.fail(`expected a string, got ${JSON.stringify(value)}`);
  }

  optionalNumber(): number | null {
    const text = this.optionalString();
    return text === null ? null : Number(text);
  }

  private fail(problem: string): Error {
    return new Error(`hot tier: unexpected reply from ${this.script} at ${this.index}: ${problem}`);
  }
}
