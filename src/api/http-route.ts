import type http from 'node:http';
import type http2 from 'node:http2';

/** What a plain HTTP route writes; both HTTP/1.1 and HTTP/2 compatibility responses have it. */
export interface HttpResponse {
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  end(): unknown;
  end(body: string | Uint8Array): unknown;
}

/**
 * A plain HTTP route served on the API's port beside the Connect services (the dashboard, /metrics).
 * Returns true when it took the request (it answers it, possibly later), false to pass it on.
 */
export type HttpRoute = (req: http.IncomingMessage | http2.Http2ServerRequest, res: HttpResponse) => boolean;
