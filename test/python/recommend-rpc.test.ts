import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecoServer, type RecoServer } from '../../examples/recommend-rpc/server.js';
import { serve, type Served } from '../cli/cli-process.js';
import { generateIfStale, preparePython, runPython } from './python-process.js';

/** The last line a script printed, as JSON. */
function lastJson(output: string): Record<string, unknown> {
  const line = output.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`no JSON summary in:\n${output}`);
  }
}

/**
 * examples/recommend-rpc: the seeds' reco.proto UserRecommend served in TypeScript with Connect, called
 * from Python over gRPC (HTTP/2) with stubs generated from the same file.
 */
describe('examples/recommend-rpc', () => {
  let reco: RecoServer;

  beforeAll(async () => {
    preparePython();
    generateIfStale(
      'examples/recommend-rpc/python/generate.sh',
      'examples/recommend-rpc/proto',
      'examples/recommend-rpc/python/reco_gen/reco_pb2_grpc.py',
    );
    reco = await startRecoServer(0);
  });

  let tickwork: Served;

  afterAll(async () => {
    if (tickwork) expect(await tickwork.stop()).toBe(0);
    await reco?.close();
  });

  const client = 'examples/recommend-rpc/python/recommend_client.py';

  it('Python calls user_recommend over gRPC as if it were local', async () => {
    const address = new URL(reco.url).host;
    const result = await runPython([client, '--server', address, '--user', '7', '--channel', '3', '--count', '4'], {});
    expect(result.code, result.output).toBe(0);
    const answer = lastJson(result.output);
    expect(answer.exposure).toBe('exposure param for user 7');
    expect(answer.article_ids).toEqual([3001, 3002, 3003, 3004]);
    expect(answer.time_stamp).toBeGreaterThan(0);
  });

  it('a bad request is INVALID_ARGUMENT in Python, and the service keeps serving', async () => {
    const address = new URL(reco.url).host;
    const bad = await runPython([client, '--server', address, '--user', '', '--count', '2'], {});
    expect(bad.code).toBe(1);
    expect(lastJson(bad.output)).toEqual({ status: 'INVALID_ARGUMENT', message: 'user_id is required' });
    const tooMany = await runPython([client, '--server', address, '--count', '1000'], {});
    expect(lastJson(tooMany.output).status).toBe('INVALID_ARGUMENT');
    const good = await runPython([client, '--server', address, '--count', '1'], {});
    expect(good.code, good.output).toBe(0);
  });

  it('answers Connect JSON over HTTP/1.1 on the same port (what an HTTP-target job sends)', async () => {
    const response = await fetch(`${reco.url}/reco.UserRecommend/user_recommend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'connect-protocol-version': '1' },
      body: JSON.stringify({ user_id: '1', channel_id: 10, article_num: 2, time_stamp: 0 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { recommends: { articleId: string }[] };
    expect(body.recommends.map((a) => a.articleId)).toEqual(['10001', '10002']);
  });

  it('a tickwork schedule calls it as an HTTP-target job and stores the answer', async () => {
    tickwork = await serve(['--store', ':memory:']);
    const result = await runPython(
      [
        'examples/recommend-rpc/python/schedule_recommendations.py',
        '--tickwork',
        new URL(tickwork.url).host,
        '--reco',
        reco.url,
        '--user',
        '5',
        '--channel',
        '2',
        '--count',
        '3',
        '--run-now',
      ],
      {},
    );
    expect(result.code, result.output).toBe(0);
    // The job's result is the HTTP answer: status, JSON body (the ArticleResponse), truncation flag.
    const summary = lastJson(result.output) as {
      state: string;
      attempt: number;
      result: {
        status: number;
        truncated: boolean;
        body: { exposure: string; timeStamp: string; recommends: { articleId: string; track: { click: string } }[] };
      };
    };
    expect(summary.state).toBe('succeeded');
    expect(summary.attempt).toBe(1);
    expect(summary.result.status).toBe(200);
    expect(summary.result.truncated).toBe(false);
    const answer = summary.result.body;
    expect(answer.exposure).toBe('exposure param for user 5');
    expect(answer.recommends.map((a) => a.articleId)).toEqual(['2001', '2002', '2003']);
    expect(answer.recommends[0]!.track.click).toBe('click param 1');
    expect(Number(answer.timeStamp)).toBeGreaterThan(0);
  }, 120_000);
});
