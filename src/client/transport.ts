import type { Interceptor, Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';

export interface TransportOptions {
  baseUrl: string;
  token?: string;
  /** `grpc` (HTTP/2) or `connect` (Connect's protocol, JSON over HTTP/1.1: easy to trace). */
  transport: 'grpc' | 'connect';
  timeoutMs?: number;
}

/** A transport plus the HTTP/2 session it may hold open, so `close()` can let the process exit. */
export function createTransport(options: TransportOptions): { transport: Transport; close(): void } {
  const interceptors: Interceptor[] = [];
  if (options.token) {
    const value = `Bearer ${options.token}`;
    interceptors.push((next) => (req) => {
      req.header.set('authorization', value);
      return next(req);
    });
  }
  const timeout = options.timeoutMs === undefined ? {} : { defaultTimeoutMs: options.timeoutMs };
  if (options.transport === 'connect') {
    return {
      transport: createConnectTransport({ baseUrl: options.baseUrl, httpVersion: '1.1', interceptors, ...timeout }),
      close: () => {},
    };
  }
  const sessionManager = new Http2SessionManager(options.baseUrl);
  return {
    transport: createGrpcTransport({ baseUrl: options.baseUrl, sessionManager, interceptors, ...timeout }),
    close: () => sessionManager.abort(),
  };
}
