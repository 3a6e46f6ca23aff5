import { TickworkError } from '../../core/errors.js';
import { grants, type Verb } from './verbs.js';

/** Who a valid token speaks for, and what it may do where. */
export interface Principal {
  /** For logs: the static token's name or the JWT's subject. */
  name: string;
  /** Namespaces it may act in; `*` = every one. */
  namespaces: ReadonlySet<string>;
  /** Verbs it holds (with wildcards: see verbs.ts). */
  verbs: ReadonlySet<string>;
}

export class UnauthenticatedError extends TickworkError {
  constructor(problem: string) {
    super('UNAUTHENTICATED', `authorization: ${problem}`, { field: 'authorization' });
  }
}

export class PermissionDeniedError extends TickworkError {
  constructor(field: string, problem: string, details: Record<string, unknown>) {
    super('PERMISSION_DENIED', `${field}: ${problem}`, { field, details });
  }
}

/** Throws PermissionDeniedError unless the principal may use `verb` in `namespace`. */
export function authorize(p: Principal, verb: Verb | null, namespace: string | null): void {
  if (verb !== null && !grants(p.verbs, verb)) {
    throw new PermissionDeniedError('authorization', `token "${p.name}" does not grant ${verb}`, { verb });
  }
  if (namespace !== null && !p.namespaces.has('*') && !p.namespaces.has(namespace)) {
    throw new PermissionDeniedError('namespace', `token "${p.name}" may not act in namespace "${namespace}"`, {
      namespace,
    });
  }
}
