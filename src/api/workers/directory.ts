/** What ListWorkers reports of one worker. */
export interface WorkerStatus {
  workerId: string;
  kind: 'in-process' | 'remote';
  namespace: string;
  handlers: string[];
  queues: string[];
  running: number;
  capacity: number;
  since: number;
  agent: string;
}

/** The remote workers connected to this server now (WorkerService sessions add and remove themselves). */
export class WorkerDirectory {
  private readonly sessions = new Set<{ status(): WorkerStatus }>();

  add(session: { status(): WorkerStatus }): () => void {
    this.sessions.add(session);
    return () => void this.sessions.delete(session);
  }

  list(namespace: string): WorkerStatus[] {
    return [...this.sessions].map((s) => s.status()).filter((s) => s.namespace === namespace);
  }
}
