import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';

type RequestHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

export interface DualProtocolServer {
  /** The listening socket: connections are handed to `http1` or `http2` by their first bytes. */
  readonly listener: net.Server;
  readonly http1: http.Server;
  readonly http2: http2.Http2Server;
}

// Every HTTP/2 cleartext connection opens with this preface (RFC 9113 §3.4); no HTTP/1 request line does.
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n');

/**
 * HTTP/2 cleartext and HTTP/1.1 on one port. Node's `http2.createServer({ allowHTTP1 })` honours the
 * flag only with TLS on Node 20 (the cleartext server answers HTTP/1 with an HTTP/2 frame), so the
 * protocol is chosen here: read the connection's first bytes, put them back, and hand the socket to the
 * server that speaks it. Prior-knowledge h2c is what gRPC clients use; curl and browsers use HTTP/1.1.
 *
 * Putting bytes back works for HTTP/1 (`unshift`: its parser reads the JS stream), but the HTTP/2
 * session reads the socket's native handle and would miss them; it gets a Duplex that replays the
 * first bytes and then relays the socket (Node wraps such a stream itself). The relay costs a copy per
 * chunk, small next to a gRPC call's own work.
 */
export function createDualProtocolServer(handler: RequestHandler): DualProtocolServer {
  const h1 = http.createServer(handler);
  const h2 = http2.createServer(handler);
  // No Nagle: a unary answer is a few small writes (headers, message, trailers); with Nagle on and the
  // client's delayed ACK they waited ~40 ms each (measured: 47 ms per sequential Enqueue, 1 ms without).
  const listener = net.createServer({ noDelay: true }, (socket) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, PREFACE.length);
      const isH2 = head.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (isH2 && head.length < PREFACE.length) return; // undecided: wait for more bytes
      socket.off('data', onData);
      if (isH2) {
        h2.emit('connection', relay(socket, head));
        return;
      }
      socket.pause();
      socket.unshift(head);
      h1.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });
  return { listener, http1: h1, http2: h2 };
}

/** A Duplex that yields `head`, then whatever `socket` reads; writes go to `socket`. */
function relay(socket: net.Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.once('end', () => duplex.push(null));
  socket.once('close', () => duplex.destroy());
  return duplex;
}
