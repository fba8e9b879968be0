/**
 * UnaryClient against a fake gRPC server on node:http2 (no etcd needed): framing, statuses in
 * trailers and in trailers-only answers, HTTP errors, deadlines, dropped connections, oversized
 * and compressed answers, connect timeouts, and going round the members.
 */
import { once } from 'node:events';
import http2 from 'node:http2';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointUrl, UnaryClient } from './unary.js';

type Handler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, body: Buffer) => void;

const frame = (message: Buffer, compressed = 0) => {
  const out = Buffer.alloc(5 + message.length);
  out[0] = compressed;
  out.writeUInt32BE(message.length, 1);
  message.copy(out, 5);
  return out;
};

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A fake gRPC server: `handler` gets each request with its whole body. */
async function fakeServer(handler: Handler) {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => handler(stream, headers, Buffer.concat(chunks)));
    stream.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  cleanup.push(async () => {
    for (const s of sessions) s.destroy();
    server.close();
  });
  return endpoint;
}

function client(endpoints: string[], extra: Partial<ConstructorParameters<typeof UnaryClient>[0]> = {}) {
  const c = new UnaryClient({ endpoints, ...extra });
  cleanup.push(() => c.close());
  return c;
}

const ok: Handler = (stream, _headers, body) => {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frame(Buffer.from(`echo:${body.subarray(5).toString()}`)));
};

const failure = (err: unknown) => (err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err));
const rejection = (p: Promise<unknown>) => p.then(() => 'resolved', failure);
const soon = () => Date.now() + 5000;

describe('UnaryClient', () => {
  it('sends one framed message with the gRPC headers and a grpc-timeout, and returns the answer message', async () => {
    let seen: http2.IncomingHttpHeaders | undefined;
    const endpoint = await fakeServer((stream, headers, body) => {
      seen = headers;
      ok(stream, headers, body);
    });
    const body = await client([endpoint]).call('/etcdserverpb.KV/Range', Buffer.from('hello'), Date.now() + 2000);
    expect(body.toString()).toBe('echo:hello');
    expect(seen).toMatchObject({ ':method': 'POST', ':path': '/etcdserverpb.KV/Range', 'content-type': 'application/grpc', te: 'trailers' });
    expect(seen!['grpc-timeout']).toMatch(/^\d+m$/);
    expect(Number(seen!['grpc-timeout']!.slice(0, -1))).toBeLessThanOrEqual(2000);
  });

  it("turns a non-zero grpc-status into etcd3's typed error with the percent-decoded message", async () => {
    const endpoint = await fakeServer((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '11', 'grpc-message': 'etcdserver: mvcc: required revision is a future revision%20(x)' }));
      stream.end();
    });
    expect(await rejection(client([endpoint]).call('/p', Buffer.alloc(0), soon()))).toBe(
      'GRPCOutOfRangeError: 11 OUT_OF_RANGE: etcdserver: mvcc: required revision is a future revision (x)',
    );
  });

  it('reads the status of a trailers-only answer from its headers', async () => {
    const endpoint = await fakeServer((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '14', 'grpc-message': 'etcdserver: no leader' }, { endStream: true });
    });
    expect(await rejection(client([endpoint]).call('/p', Buffer.alloc(0), soon()))).toBe('GRPCUnavailableError: 14 UNAVAILABLE: etcdserver: no leader');
  });

  it('maps an HTTP error without a gRPC status as gRPC does (503 is UNAVAILABLE)', async () => {
    const endpoint = await fakeServer((stream) => {
      stream.respond({ ':status': 503 }, { endStream: true });
    });
    expect(await rejection(client([endpoint]).call('/p', Buffer.alloc(0), soon()))).toBe(
      'GRPCUnavailableError: 14 UNAVAILABLE: Received HTTP status code 503',
    );
  });

  it('fails with DEADLINE_EXCEEDED at the deadline when the member does not answer', async () => {
    const endpoint = await fakeServer(() => {});
    expect(await rejection(client([endpoint]).call('/p', Buffer.alloc(0), Date.now() + 150))).toBe(
      'GRPCDeadlineExceededError: 4 DEADLINE_EXCEEDED: Deadline exceeded',
    );
  });

  it('fails with "Connection dropped" when the connection goes away before the answer', async () => {
    const endpoint = await fakeServer((stream) => stream.session?.destroy());
    expect(await rejection(client([endpoint]).call('/p', Buffer.alloc(0), soon()))).toMatch(/^GRPCUnavailableError: 14 UNAVAILABLE: Connection dropped/);
  });

  it('refuses compressed answers, answers of the wrong length, and answers over maxMessageBytes', async () => {
    const respond = (payload: Buffer) => (stream: http2.ServerHttp2Stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(payload);
    };
    const compressed = await fakeServer(respond(frame(Buffer.from('x'), 1)));
    expect(await rejection(client([compressed]).call('/p', Buffer.alloc(0), soon()))).toMatch(/13 INTERNAL: Compressed response received/);
    const short = await fakeServer(respond(frame(Buffer.from('abcdef')).subarray(0, 8)));
    expect(await rejection(client([short]).call('/p', Buffer.alloc(0), soon()))).toMatch(/13 INTERNAL: Response message of 6 bytes arrived as 3/);
    const big = await fakeServer(respond(frame(Buffer.alloc(4096))));
    expect(await rejection(client([big], { maxMessageBytes: 1024 }).call('/p', Buffer.alloc(0), soon()))).toMatch(
      /^GRPCResourceExhastedError: 8 RESOURCE_EXHAUSTED: Received message larger than max/,
    );
  });

  it('fails calls to a member whose connection never comes up with "No connection established", at the connect timeout', async () => {
    // A TCP listener that never answers the TLS handshake: the https session never connects.
    const silent = net.createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanup.push(() => void silent.close());
    const c = client([`https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`], { connectTimeoutMs: 100 });
    expect(await rejection(c.call('/p', Buffer.alloc(0), soon()))).toBe(
      'GRPCUnavailableError: 14 UNAVAILABLE: No connection established (not connected after 100 ms)',
    );
    const refused = client(['http://127.0.0.1:1']);
    expect(await rejection(refused.call('/p', Buffer.alloc(0), soon()))).toMatch(/14 UNAVAILABLE: No connection established \(connect ECONNREFUSED/);
  });

  it('goes round the members, and skips one whose last 3 calls could not reach it while another is up', async () => {
    let served = 0;
    const live = await fakeServer((stream, headers, body) => {
      served++;
      ok(stream, headers, body);
    });
    const c = client([live, 'http://127.0.0.1:1']);
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) outcomes.push(await c.call('/p', Buffer.from('x'), soon()).then(() => 'ok', () => 'refused'));
    // The dead member is tried until it has failed 3 times, then skipped: the rest go to the live one.
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(3);
    expect(outcomes.slice(-4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(served).toBe(7);
  });

  it('replaces a session before it runs out of stream ids, letting its streams finish', async () => {
    const sessions = new Set<unknown>();
    const endpoint = await fakeServer((stream, headers, body) => {
      sessions.add(stream.session);
      setTimeout(() => ok(stream, headers, body), 20);
    });
    const c = client([endpoint], { streamsPerSession: 3 });
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => c.call('/p', Buffer.from(String(i)), soon())));
    expect(answers.map(String)).toEqual(['0', '1', '2', '3', '4', '5', '6'].map((i) => `echo:${i}`));
    expect(sessions.size).toBe(3); // 3 + 3 + 1 streams
  });

  it('drops a session whose keepalive pings go unanswered, so the next call gets a new connection', async () => {
    const endpoint = await fakeServer(ok);
    // A TCP proxy in front of it that can freeze a connection: bytes stop flowing both ways.
    const target = new URL(endpoint);
    const frozen = new Set<net.Socket>();
    let connections = 0;
    const proxy = net.createServer((inbound) => {
      connections++;
      const outbound = net.connect(Number(target.port), target.hostname);
      inbound.on('data', (d: Buffer) => frozen.has(inbound) || outbound.write(d));
      outbound.on('data', (d: Buffer) => frozen.has(inbound) || inbound.write(d));
      for (const [a, b] of [[inbound, outbound], [outbound, inbound]] as const) {
        a.on('error', () => {});
        a.on('close', () => b.destroy());
      }
      freeze = () => {
        frozen.add(inbound);
        return once(inbound, 'close');
      };
    });
    let freeze = (): Promise<unknown> => Promise.resolve();
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    cleanup.push(() => void proxy.close());
    const c = client([`http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`], { keepaliveMs: 50, keepaliveTimeoutMs: 100 });
    expect(String(await c.call('/p', Buffer.from('a'), soon()))).toBe('echo:a');
    // A ping goes out, is not answered, and the client closes the connection.
    await freeze();
    expect(String(await c.call('/p', Buffer.from('b'), Date.now() + 2000))).toBe('echo:b');
    expect(connections).toBe(2);
  });

  it('reads endpoints as users write them', () => {
    expect(endpointUrl('127.0.0.1:2379', false)).toBe('http://127.0.0.1:2379');
    expect(endpointUrl('etcd-0:2379', true)).toBe('https://etcd-0:2379');
    expect(endpointUrl(' https://10.0.0.1:2379/ ', false)).toBe('https://10.0.0.1:2379');
    expect(() => new UnaryClient({ endpoints: [] })).toThrow('etcd endpoints must not be empty');
  });
});
