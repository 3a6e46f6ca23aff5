import type { AddressInfo } from 'node:net';
import { connectNodeAdapter } from '@connectrpc/connect-node';
// tickwork's own h2c + HTTP/1.1 listener: gRPC clients (Python) speak HTTP/2 with prior knowledge,
// tickwork's HTTP-target dispatcher and curl speak HTTP/1.1 with Connect's JSON.
import { createDualProtocolServer } from '../../src/api/dual-protocol.js';
import { UserRecommend } from './gen/reco_pb.js';
import { userRecommend } from './recommend.js';

export interface RecoServer {
  url: string;
  close(): Promise<void>;
}

/** Serves reco.UserRecommend (gRPC, gRPC-Web, Connect) on 127.0.0.1:`port` (0: any free port). */
export async function startRecoServer(port = 0): Promise<RecoServer> {
  const handler = connectNodeAdapter({ routes: (router) => router.service(UserRecommend, userRecommend) });
  const dual = createDualProtocolServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    dual.listener.once('error', reject);
    dual.listener.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(dual.listener.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        dual.http2.close();
        dual.http1.closeAllConnections();
        dual.listener.close(() => resolve());
      }),
  };
}

// `tsx examples/recommend-rpc/server.ts [port]`: prints one JSON line with the URL, serves until SIGTERM.
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startRecoServer(Number(process.argv[2] ?? 8888));
  console.log(JSON.stringify({ url: server.url, service: 'reco.UserRecommend' }));
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
