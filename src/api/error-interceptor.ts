import type { Interceptor } from '@connectrpc/connect';
import type { Logger } from 'pino';
import { toConnectError } from './error-mapping.js';

/**
 * Applies the error mapping to every call, unary and streaming, so service code just throws typed
 * errors. An unexpected error is logged with the procedure it came from and answered INTERNAL: the
 * server itself never goes down because one call failed.
 */
export function errorInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    const onUnexpected = (err: unknown) => logger.error({ err, procedure: req.url }, 'unexpected error in a call');
    try {
      const res = await next(req);
      if (!res.stream) return res;
      return { ...res, message: mapStreamErrors(res.message, onUnexpected) };
    } catch (error) {
      throw toConnectError(error, onUnexpected);
    }
  };
}

async function* mapStreamErrors<T>(source: AsyncIterable<T>, onUnexpected: (error: unknown) => void): AsyncIterable<T> {
  try {
    yield* source;
  } catch (error) {
    throw toConnectError(error, onUnexpected);
  }
}
