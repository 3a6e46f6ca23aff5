import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type { Client } from '@connectrpc/connect';
import {
  ConnectRequestSchema,
  type ConnectRequest,
  type ConnectResponse,
  WorkerService,
} from '../../src/gen/tickwork/v1/workers_pb.js';

type Kind = NonNullable<ConnectResponse['message']['case']>;
type ValueOf<K extends Kind> = Extract<ConnectResponse['message'], { case: K }> extends { value: infer V } ? V : never;
type RequestInit = MessageInitShape<typeof ConnectRequestSchema>['message'];

/**
 * A scripted remote worker: the test sends messages and reads the server's, one at a time, over a
 * real WorkerService.Connect stream (gRPC, HTTP/2).
 */
export class RemoteWorker {
  private readonly outgoing: ConnectRequest[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private readonly responses: AsyncIterator<ConnectResponse>;
  readonly abort = new AbortController();

  constructor(client: Client<typeof WorkerService>) {
    this.responses = client.connect(this.requests(), { signal: this.abort.signal })[Symbol.asyncIterator]();
  }

  private async *requests(): AsyncGenerator<ConnectRequest> {
    for (;;) {
      if (this.outgoing.length > 0) {
        yield this.outgoing.shift()!;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  send(message: RequestInit): this {
    this.outgoing.push(create(ConnectRequestSchema, { message }));
    this.notify();
    return this;
  }

  /** Half-closes: the worker sends nothing more. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** The server's next message, or null when the stream ended. Rejects with the stream's error. */
  async next(): Promise<ConnectResponse | null> {
    const r = await this.responses.next();
    return r.done ? null : r.value;
  }

  /** The next message, which must be of `kind`. */
  async expect<K extends Kind>(kind: K): Promise<ValueOf<K>> {
    const m = await this.next();
    if (m?.message.case !== kind) {
      throw new Error(`expected ${kind}, got ${m ? m.message.case : 'the end of the stream'}`);
    }
    return m.message.value as ValueOf<K>;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
