import { TickworkError, ValidationError } from '../core/errors.js';
import { Tickwork } from '../tickwork/tickwork.js';
import type { TickworkOptions } from '../tickwork/options.js';
import { withField } from './convert/field-path.js';

// The IDL's rule (common.proto). The facade's own rule is stricter today (no `:`); its refusal is
// renamed to this field so the caller still learns what to fix.
const NAMESPACE_RE = /^[A-Za-z0-9_.:-]{1,100}$/;
export const DEFAULT_NAMESPACE = 'default';

/**
 * Every request names its namespace, but a Tickwork instance is scoped to one. The served instance
 * answers for its own namespace; any other gets a *view*: a Tickwork on the same store with no roles
 * (it runs nothing, it only reads and writes), opened on first use and kept until the server closes.
 * A view costs one store-event listener and a small object graph. Without auth any caller can name new
 * namespaces, which is one more reason the unauthenticated server binds loopback only; a facade method
 * to scope an instance cheaply (`tw.inNamespace(ns)`) would retire this class.
 */
export class NamespaceScopes {
  private readonly views = new Map<string, Promise<Tickwork>>();
  private closed = false;

  constructor(readonly root: Tickwork) {}

  /** The instance for a request's namespace ('' means `default`). */
  get(namespace: string): Promise<Tickwork> {
    const ns = namespace === '' ? DEFAULT_NAMESPACE : namespace;
    if (!NAMESPACE_RE.test(ns)) {
      return Promise.reject(
        new ValidationError('namespace', 'must be 1-100 characters of letters, digits and _ . : -'),
      );
    }
    if (ns === this.root.config.namespace) return Promise.resolve(this.root);
    if (this.closed)
      return Promise.reject(new TickworkError('SHUTTING_DOWN', 'tickwork is shutting down', { retryable: true }));
    let view = this.views.get(ns);
    if (!view) {
      view = this.open(ns);
      this.views.set(ns, view);
      // A refused namespace must not stay cached as a rejected promise.
      view.catch(() => this.views.delete(ns));
    }
    return view;
  }

  /** Closes the views (never the root: whoever opened it closes it). */
  async close(): Promise<void> {
    this.closed = true;
    const views = [...this.views.values()];
    this.views.clear();
    await Promise.all(views.map(async (v) => (await v.catch(() => null))?.close()));
  }

  private async open(namespace: string): Promise<Tickwork> {
    const { config, store, logger } = this.root;
    const b = config.jobDefaults.backoff;
    const options: TickworkOptions = {
      store,
      namespace,
      roles: [],
      logger: logger.child({ namespace }),
      maxPayloadBytes: config.maxPayloadBytes,
      requireKnownHandlers: false,
      jobDefaults: {
        queue: config.jobDefaults.queue,
        maxAttempts: config.jobDefaults.maxAttempts,
        backoff: { type: b.type, delay: b.delayMs, maxDelay: b.maxDelayMs, jitter: b.jitter },
        ...(config.jobDefaults.timeoutMs === null ? {} : { timeout: config.jobDefaults.timeoutMs }),
      },
    };
    try {
      return await Tickwork.open(options);
    } catch (error) {
      if (error instanceof TickworkError && error.field === 'options.namespace') throw withField(error, 'namespace');
      throw error;
    }
  }
}
