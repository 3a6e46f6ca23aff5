import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Code, createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator, parseAuthConfig, type AuthConfig } from '../../src/api/auth/index.js';
import { createTickworkClient } from '../../src/client/index.js';
import { JobService } from '../../src/gen/tickwork/v1/jobs_pb.js';
import { AdminService } from '../../src/gen/tickwork/v1/admin_pb.js';
import { WorkerService } from '../../src/gen/tickwork/v1/workers_pb.js';
import { expectStatus, handlerJob, startTestServer, type TestServer } from './helpers.js';
import { RemoteWorker } from './remote-worker.js';

const ADMIN = 'admin-token-0123456789';
const SHOP = 'shop-token-0123456789';
const READER = 'reader-token-0123456789';
const HS_SECRET = 'a-shared-jwt-secret-of-32-characters!';

// Auth over a real socket: every RPC goes through the one interceptor. Each refusal is checked for its
// status and for leaving nothing written.
describe('auth: bearer tokens scoped to namespaces and verbs', () => {
  let t: TestServer;
  let jwks: Server;
  let jwksUrl: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  const sessions: Http2SessionManager[] = [];

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    // A real JWKS endpoint: jose fetches the keys over HTTP.
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    for (const s of sessions) s.abort();
    await t?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  async function serve(config: AuthConfig) {
    await t?.close();
    t = await startTestServer({ api: { auth: new Authenticator(parseAuthConfig(config)) } });
  }

  function grpcAs(token: string | null) {
    const sessionManager = new Http2SessionManager(t.server.url);
    sessions.push(sessionManager);
    const transport = createGrpcTransport({
      baseUrl: t.server.url,
      sessionManager,
      interceptors: token ? [(next) => (req) => (req.header.set('authorization', `Bearer ${token}`), next(req))] : [],
    });
    return {
      jobs: createClient(JobService, transport),
      admin: createClient(AdminService, transport),
      workers: createClient(WorkerService, transport),
    };
  }

  const staticTokens: AuthConfig = {
    tokens: [
      { name: 'admin', token: ADMIN, namespaces: ['*'], verbs: ['*'] },
      { name: 'shop', token: SHOP, namespaces: ['shop'], verbs: ['jobs:*', 'workers'] },
      { name: 'reader', token: READER, namespaces: ['default', 'shop'], verbs: ['jobs:read'] },
    ],
  };

  it('refuses a call without a token or with a bad one: UNAUTHENTICATED (gRPC and Connect JSON)', async () => {
    await serve(staticTokens);
    await expectStatus(
      grpcAs(null).jobs.enqueue({ job: handlerJob('echo', { a: 1 }) }),
      Code.Unauthenticated,
      'authorization',
    );
    await expectStatus(grpcAs('nope-nope-nope-nope').jobs.listJobs({}), Code.Unauthenticated, 'authorization');
    const res = await fetch(`${t.server.url}/tickwork.v1.JobService/ListJobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('unauthenticated');
    // Health is not public unless configured.
    await expectStatus(grpcAs(null).admin.getHealth({}), Code.Unauthenticated);
    // Nothing was written, and the server still serves.
    expect((await t.tw.jobs.list()).items).toHaveLength(0);
    expect((await grpcAs(ADMIN).admin.getHealth({})).status).toBeDefined();
  });

  it('a token acts only in its namespaces and with its verbs: PERMISSION_DENIED otherwise', async () => {
    await serve(staticTokens);
    const shop = grpcAs(SHOP);
    const created = await shop.jobs.enqueue({ namespace: 'shop', job: handlerJob('echo', { orderId: 1 }) });
    expect(created.job?.namespace).toBe('shop');
    const outside = await expectStatus(
      shop.jobs.enqueue({ namespace: 'billing', job: handlerJob('echo', {}) }),
      Code.PermissionDenied,
      'namespace',
    );
    expect(outside?.message).toContain('billing');
    // '' is the default namespace, which the shop token does not cover.
    await expectStatus(shop.jobs.listJobs({}), Code.PermissionDenied, 'namespace');
    // The shop token has no schedules or admin verbs.
    await expectStatus(
      shop.admin.pauseQueue({ namespace: 'shop', queue: 'default' }),
      Code.PermissionDenied,
      'authorization',
    );
    // The reader reads but does not write.
    const reader = grpcAs(READER);
    const listed = await reader.jobs.listJobs({ namespace: 'shop' });
    expect(listed.jobs.map((j) => j.id)).toEqual([created.job!.id]);
    await expectStatus(
      reader.jobs.cancelJob({ namespace: 'shop', selector: { case: 'id', value: created.job!.id } }),
      Code.PermissionDenied,
    );
    // Streams too: WatchJob in a foreign namespace.
    await expectStatus(
      (async () => {
        for await (const _ of shop.jobs.watchJob({ namespace: 'billing', selector: { case: 'id', value: 'x' } })) break;
      })(),
      Code.PermissionDenied,
      'namespace',
    );
    // Nothing was written by the refused calls.
    const all = await grpcAs(ADMIN).jobs.listJobs({ namespace: 'billing' });
    expect(all.jobs).toHaveLength(0);
  });

  it('WorkerService: a hello outside the token namespaces ends the stream with PERMISSION_DENIED', async () => {
    await serve(staticTokens);
    const worker = new RemoteWorker(grpcAs(SHOP).workers);
    worker.send({ case: 'hello', value: { workerId: 'w-1', namespace: 'billing', handlers: ['echo'] } });
    await expectStatus(worker.next(), Code.PermissionDenied, 'namespace');
    const reader = new RemoteWorker(grpcAs(READER).workers);
    reader.send({ case: 'hello', value: { workerId: 'w-2', namespace: 'shop', handlers: ['echo'] } });
    await expectStatus(reader.next(), Code.PermissionDenied, 'authorization');
    const ok = new RemoteWorker(grpcAs(SHOP).workers);
    ok.send({ case: 'hello', value: { workerId: 'w-3', namespace: 'shop', handlers: ['echo'] } });
    expect(await ok.expect('welcome')).toBeDefined();
    ok.abort.abort();
  });

  it('JWTs with a shared secret: claims carry namespaces and verbs; expiry, issuer and audience are checked', async () => {
    await serve({ jwt: { secret: HS_SECRET, issuer: 'https://idp.test', audience: 'tickwork' } });
    const key = new TextEncoder().encode(HS_SECRET);
    const sign = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string; exp?: string } = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('svc-orders')
        .setIssuer(opts.iss ?? 'https://idp.test')
        .setAudience(opts.aud ?? 'tickwork')
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? '5m')
        .sign(key);
    const good = await sign({ namespaces: ['orders'], scope: 'jobs:read jobs:write' });
    const res = await grpcAs(good).jobs.enqueue({ namespace: 'orders', job: handlerJob('echo', 1) });
    expect(res.job?.namespace).toBe('orders');
    await expectStatus(grpcAs(good).jobs.listJobs({ namespace: 'other' }), Code.PermissionDenied, 'namespace');
    const expired = await sign({ namespaces: ['orders'], verbs: ['*'] }, { exp: '-10m' });
    const detail = await expectStatus(grpcAs(expired).jobs.listJobs({ namespace: 'orders' }), Code.Unauthenticated);
    expect(detail?.message).toContain('expired');
    await expectStatus(
      grpcAs(await sign({ namespaces: ['*'], verbs: ['*'] }, { iss: 'https://evil.test' })).jobs.listJobs({}),
      Code.Unauthenticated,
    );
    await expectStatus(
      grpcAs(await sign({ namespaces: ['*'], verbs: ['*'] }, { aud: 'other' })).jobs.listJobs({}),
      Code.Unauthenticated,
    );
    const forged = await new SignJWT({ namespaces: ['*'], verbs: ['*'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://idp.test')
      .setAudience('tickwork')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    await expectStatus(grpcAs(forged).jobs.listJobs({}), Code.Unauthenticated);
  });

  it('JWTs from a JWKS endpoint; the typed client passes its token; public health when configured', async () => {
    await serve({ jwt: { jwksUrl }, tokens: [{ token: ADMIN, namespaces: ['*'], verbs: ['*'] }], publicHealth: true });
    const jwt = await new SignJWT({ namespaces: ['default'], verbs: ['jobs:write', 'jobs:read'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('svc')
      .setExpirationTime('5m')
      .sign(privateKey);
    const client = createTickworkClient({ baseUrl: t.server.url, token: jwt });
    try {
      const job = await client.jobs.enqueue('echo', { via: 'jwks' });
      expect(job.namespace).toBe('default');
      await expect(client.schedules.list()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
      expect((await grpcAs(null).admin.getHealth({})).status).toBeDefined();
      await expectStatus(grpcAs(null).admin.getQueueStats({}), Code.Unauthenticated);
    } finally {
      client.close();
    }
    const connect = createClient(JobService, createConnectTransport({ baseUrl: t.server.url, httpVersion: '1.1' }));
    await expectStatus(connect.listJobs({}), Code.Unauthenticated);
  });

  it('refuses bad auth settings naming the field', () => {
    expect(() => parseAuthConfig({ tokens: [{ token: 'short', namespaces: ['*'], verbs: ['*'] }] })).toThrow(
      /auth\.tokens\[0\]\.token/,
    );
    expect(() => parseAuthConfig({ tokens: [{ token: ADMIN, namespaces: ['*'], verbs: ['jobs:delete'] }] })).toThrow(
      /auth\.tokens\[0\]\.verbs\[0\]/,
    );
    expect(() => parseAuthConfig({ jwt: { issuer: 'x' } })).toThrow(/auth\.jwt/);
    expect(() => parseAuthConfig({})).toThrow(/auth/);
  });
});
