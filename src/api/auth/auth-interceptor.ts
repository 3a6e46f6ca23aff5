import type { Interceptor } from '@connectrpc/connect';
import { TickworkError } from '../../core/errors.js';
import { DEFAULT_NAMESPACE } from '../namespaces.js';
import type { Authenticator } from './authenticator.js';
import { authorize, type Principal } from './principal.js';
import { isPublicProbe, verbFor } from './verbs.js';

const namespaceOf = (message: unknown): string | null => {
  const ns = (message as { namespace?: unknown }).namespace;
  return typeof ns === 'string' ? ns || DEFAULT_NAMESPACE : null;
};

/**
 * Every RPC, one place: the bearer token must be valid (UNAUTHENTICATED), grant the procedure's verb
 * and cover the request's namespace (PERMISSION_DENIED). A unary request carries its namespace in its
 * message; streaming calls (server streams included) are checked as their messages are read, before
 * the service acts on them: WatchJob and Subscribe in their request, WorkerService.Connect in its hello.
 */
export function authInterceptor(auth: Authenticator): Interceptor {
  return (next) => async (req) => {
    const service = req.service.typeName;
    const method = req.method.name;
    if (auth.publicHealth && isPublicProbe(service, method)) return next(req);
    const verb = verbFor(service, method);
    const principal = await auth.authenticate(req.header.get('authorization'));
    if (verb === undefined) {
      // A procedure added to the IDL without a verb here: refuse rather than let it through unchecked.
      throw new TickworkError('PERMISSION_DENIED', `${service}/${method} has no verb: refused`);
    }
    if (!req.stream) {
      authorize(principal, verb, namespaceOf(req.message));
      return next(req);
    }
    authorize(principal, verb, null);
    return next({ ...req, message: checkEach(req.message, principal) });
  };
}

async function* checkEach<T>(messages: AsyncIterable<T>, principal: Principal): AsyncIterable<T> {
  for await (const message of messages) {
    // Server streams (WatchJob, Subscribe) arrive here too, as a stream of their one request message.
    authorize(principal, null, namespaceOf(message));
    // ConnectRequest: the namespace sits in the hello (`message.value.namespace`).
    const inner = (message as { message?: { case?: string; value?: unknown } }).message;
    if (inner?.case === 'hello') authorize(principal, null, namespaceOf(inner.value));
    yield message;
  }
}
