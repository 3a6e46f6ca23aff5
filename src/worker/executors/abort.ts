/**
 * Rejects with `signal.reason` as soon as `signal` aborts, or settles as `work` does.
 *
 * `work` is not stopped: a promise cannot be cancelled, and an in-process handler that ignores its
 * signal cannot be interrupted. We stop *waiting* for it, so a job's timeout or cancellation frees the
 * caller (its slot, its lease) even when the handler misbehaves; the handler's promise then settles on
 * its own, and a late rejection is swallowed here so it is not reported as unhandled.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason as unknown);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(signal.reason as unknown);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * An AbortController that also aborts when `parent` does, with the parent's reason, so an executor can
 * add its own reasons (shutdown) to the caller's signal. Linked by hand rather than with
 * `AbortSignal.any` so that `unlink` removes the listener from the caller's signal the moment the
 * attempt ends, instead of whenever the garbage collector gets to it.
 */
export function linkedController(parent: AbortSignal): { controller: AbortController; unlink(): void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, unlink: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) };
}
