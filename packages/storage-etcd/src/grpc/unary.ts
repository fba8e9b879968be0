/**
 * UnaryClient: unary gRPC calls to etcd members over node:http2, for the KV requests on every
 * storage call's path (Range, Txn, Compact). A call through etcd3 and grpc-js costs about three
 * times the CPU of one HTTP/2 request (docs/performance.md), and on a 2-core machine that CPU is
 * etcd's throughput. Watches, which are streams, stay on etcd3's client.
 *
 * - One HTTP/2 session per member, opened on first use and again after it closes; a keepalive
 *   ping every `keepaliveMs` (a member that does not answer within `keepaliveTimeoutMs` is
 *   dropped, so a hung or partitioned member is noticed).
 * - Calls go round the members. A member whose last 3 calls failed to connect or were dropped
 *   is skipped for a second while another member is up.
 * - Each call has a deadline (sent as `grpc-timeout` and enforced here: DEADLINE_EXCEEDED).
 * - Failures are etcd3's typed errors (status.ts). A call whose connection never came up
 *   fails with "No connection established" (never sent: safe to repeat even for a write); a
 *   call whose connection went away before the answer fails with "Connection dropped".
 *
 * @example
 * const unary = new UnaryClient({ endpoints: ['http://127.0.0.1:2379'] });
 * const body = await unary.call('/etcdserverpb.KV/Range', request, Date.now() + 5000);
 * unary.close();
 */
import http2 from 'node:http2';
import { isIP } from 'node:net';
import { Code, codeOfHttpStatus, grpcError } from './status.js';

export interface UnaryTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export interface UnaryClientOptions {
  /** `http://host:port`, `https://host:port`, or `host:port` (https when `tls` is given). */
  endpoints: string[];
  tls?: UnaryTls;
  /** Ping an idle-or-not session this often; default 30 000 ms. */
  keepaliveMs?: number;
  /** Drop a session whose ping is not answered in time; default 10 000 ms. */
  keepaliveTimeoutMs?: number;
  /** Largest response message accepted; default 64 MiB. */
  maxMessageBytes?: number;
  /** Streams per session before it is closed gracefully and replaced; default just under HTTP/2's 2^30. */
  streamsPerSession?: number;
  /**
   * A connection not up after this long (a blackholed address, a TLS handshake nobody answers)
   * fails its calls with "No connection established", so they go to another member; default 5000 ms.
   */
  connectTimeoutMs?: number;
}

const failuresToSkip = 3;
const skipMs = 1000;
/**
 * A session runs out of stream identifiers after 2^30 client streams (HTTP/2 ids are odd 31-bit
 * numbers); well before that it is closed gracefully (its streams finish) and a new one opened.
 */
export const streamsPerSession = 2 ** 30 - 2 ** 20;

/** The member URL for an endpoint as users write them. */
export function endpointUrl(endpoint: string, tls: boolean): string {
  const e = endpoint.trim();
  if (/^https?:\/\//.test(e)) return e.replace(/\/+$/, '');
  return `${tls ? 'https' : 'http'}://${e}`;
}

/** A keepalive ping; a session that does not answer within `timeoutMs` is destroyed (its calls fail as dropped). */
function ping(s: http2.ClientHttp2Session, timeoutMs: number): void {
  if (s.destroyed || s.closed) return;
  const timer = setTimeout(() => s.destroy(new Error('keepalive ping not answered')), timeoutMs);
  timer.unref();
  try {
    const sent = s.ping((err) => {
      clearTimeout(timer);
      if (err && !s.destroyed) s.destroy(err);
    });
    if (!sent) clearTimeout(timer);
  } catch {
    // The session started closing since the check above: nothing to keep alive.
    clearTimeout(timer);
  }
}

/** One member: its session, the connect in progress, and its failure count. */
class Member {
  private session: http2.ClientHttp2Session | undefined;
  private connecting: Promise<http2.ClientHttp2Session> | undefined;
  /** Streams opened on the current session. */
  private opened = 0;
  /** Calls in flight per session: a session retired for its stream count closes after its last one. */
  private readonly inflight = new Map<http2.ClientHttp2Session, number>();
  private closed = false;
  failures = 0;
  skipUntil = 0;

  constructor(
    readonly url: string,
    private readonly options: http2.SecureClientSessionOptions,
    private readonly keepaliveMs: number,
    private readonly keepaliveTimeoutMs: number,
    private readonly connectTimeoutMs: number,
  ) {}

  /**
   * The open session, if there is one ready for a new stream, which the caller then opens and
   * reports `done` with. A session that has opened `limit` streams is retired: new calls get a
   * new session, and it closes once its last call is done.
   */
  ready(limit = streamsPerSession): http2.ClientHttp2Session | undefined {
    const s = this.session;
    if (!s || s.closed || s.destroyed) return undefined;
    if (++this.opened > limit) {
      this.session = undefined;
      if (!this.inflight.has(s)) s.close();
      return undefined;
    }
    this.inflight.set(s, (this.inflight.get(s) ?? 0) + 1);
    return s;
  }

  done(s: http2.ClientHttp2Session): void {
    const left = (this.inflight.get(s) ?? 1) - 1;
    if (left > 0) return void this.inflight.set(s, left);
    this.inflight.delete(s);
    if (s !== this.session && !s.closed) s.close();
  }

  connect(): Promise<http2.ClientHttp2Session> {
    this.connecting ??= new Promise<http2.ClientHttp2Session>((resolve, reject) => {
      const s = http2.connect(this.url, this.options);
      const timer = setTimeout(() => failed(new Error(`not connected after ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs);
      timer.unref();
      const failed = (err: Error) => {
        clearTimeout(timer);
        s.off('error', failed);
        s.off('close', closed);
        this.connecting = undefined;
        s.destroy();
        reject(grpcError(Code.Unavailable, `No connection established (${err.message})`));
      };
      const closed = () => failed(new Error('connection closed before it was established'));
      s.once('error', failed);
      s.once('close', closed);
      s.once('connect', () => {
        clearTimeout(timer);
        s.off('error', failed);
        s.off('close', closed);
        this.connecting = undefined;
        if (this.closed) return failed(new Error('client closed'));
        this.adopt(s);
        resolve(s);
      });
    });
    return this.connecting;
  }

  private adopt(s: http2.ClientHttp2Session): void {
    this.session = s;
    this.opened = 0;
    // A session's errors reach its streams, which fail their calls; nothing to do here.
    s.on('error', () => {});
    const forget = () => {
      if (this.session === s) this.session = undefined;
    };
    // Each session has its own pinger, stopped when that session closes.
    const pinger = setInterval(() => ping(s, this.keepaliveTimeoutMs), this.keepaliveMs);
    pinger.unref();
    s.once('goaway', forget);
    s.once('close', () => {
      forget();
      clearInterval(pinger);
    });
    s.unref();
  }

  /** Counts a call that could not reach the member (connect failure or dropped connection). */
  failed(now: number): void {
    if (++this.failures >= failuresToSkip) this.skipUntil = now + skipMs;
  }

  close(): void {
    this.closed = true;
    this.session?.destroy();
    this.session = undefined;
    for (const retired of this.inflight.keys()) retired.destroy();
    this.inflight.clear();
  }
}

export class UnaryClient {
  private readonly members: Member[];
  private readonly maxMessageBytes: number;
  private readonly streamsPerSession: number;
  private next: number;

  constructor(options: UnaryClientOptions) {
    const tls = options.tls;
    const connectOptions: http2.SecureClientSessionOptions = {
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.cert ? { cert: tls.cert } : {}),
      ...(tls?.key ? { key: tls.key } : {}),
    };
    this.members = options.endpoints.map((e) => {
      const url = endpointUrl(e, tls !== undefined);
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      // SNI carries host names only (RFC 6066); for an IP the certificate's IP SANs are checked.
      const memberOptions = isIP(host) ? connectOptions : { ...connectOptions, servername: host };
      return new Member(url, memberOptions, options.keepaliveMs ?? 30_000, options.keepaliveTimeoutMs ?? 10_000, options.connectTimeoutMs ?? 5000);
    });
    if (this.members.length === 0) throw new RangeError('etcd endpoints must not be empty');
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.streamsPerSession = options.streamsPerSession ?? streamsPerSession;
    this.next = Math.floor(Math.random() * this.members.length);
  }

  /** Sends one request message to `path` and resolves with the response message. */
  async call(path: string, message: Buffer, deadline: number): Promise<Buffer> {
    const member = this.pick();
    let session = member.ready(this.streamsPerSession);
    // A new session may be used up by the callers that waited for it with this one.
    for (let attempt = 1; !session; attempt++) {
      if (attempt > 3) throw grpcError(Code.Unavailable, 'No connection established (each new connection was gone at once)');
      try {
        await withDeadline(member.connect(), deadline);
      } catch (err) {
        if (!isDeadline(err)) member.failed(Date.now());
        throw err;
      }
      session = member.ready(this.streamsPerSession);
    }
    try {
      const body = await this.request(session, path, message, deadline);
      member.failures = 0;
      return body;
    } catch (err) {
      if (isUnreached(err)) member.failed(Date.now());
      throw err;
    } finally {
      member.done(session);
    }
  }

  close(): void {
    for (const m of this.members) m.close();
  }

  /** The next member round the list, passing over skipped ones while another is up. */
  private pick(): Member {
    const now = Date.now();
    for (let i = 0; i < this.members.length; i++) {
      const m = this.members[(this.next + i) % this.members.length]!;
      if (m.skipUntil <= now) {
        this.next = (this.next + i + 1) % this.members.length;
        return m;
      }
    }
    const m = this.members[this.next % this.members.length]!;
    this.next = (this.next + 1) % this.members.length;
    return m;
  }

  private request(session: http2.ClientHttp2Session, path: string, message: Buffer, deadline: number): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const timeoutMs = deadline - Date.now();
      if (timeoutMs <= 0) return reject(grpcError(Code.DeadlineExceeded, 'Deadline exceeded'));
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request({
          ':method': 'POST',
          ':path': path,
          'content-type': 'application/grpc',
          te: 'trailers',
          'grpc-timeout': `${Math.ceil(timeoutMs)}m`,
        });
      } catch (err) {
        // The session closed or got a GOAWAY after it was picked: nothing was sent.
        return reject(grpcError(Code.Unavailable, `No connection established (${(err as Error).message})`));
      }
      let settled = false;
      const settle = (err: Error | undefined, body?: Buffer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(body!);
      };
      const timer = setTimeout(() => {
        settle(grpcError(Code.DeadlineExceeded, 'Deadline exceeded'));
        stream.close(http2.constants.NGHTTP2_CANCEL);
      }, timeoutMs);

      let status: http2.IncomingHttpHeaders | undefined;
      let httpStatus = 0;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('response', (headers) => {
        httpStatus = Number(headers[':status']);
        if (headers['grpc-status'] !== undefined) status = headers; // trailers-only answer
      });
      stream.on('trailers', (trailers) => {
        status = trailers;
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxMessageBytes + 5) {
          settle(grpcError(Code.ResourceExhausted, `Received message larger than max (${size} vs. ${this.maxMessageBytes})`));
          stream.close(http2.constants.NGHTTP2_CANCEL);
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (err) => settle(grpcError(Code.Unavailable, `Connection dropped (${err.message})`)));
      stream.on('close', () => {
        if (settled) return;
        if (!status) {
          if (httpStatus && httpStatus !== 200) return settle(grpcError(codeOfHttpStatus(httpStatus), `Received HTTP status code ${httpStatus}`));
          return settle(grpcError(Code.Unavailable, 'Connection dropped'));
        }
        const code = Number(status['grpc-status']);
        if (code !== 0) return settle(grpcError(Number.isInteger(code) ? code : Code.Unknown, grpcMessage(status['grpc-message'])));
        const [err, body] = unframe(chunks, size);
        settle(err, body);
      });
      const frame = Buffer.allocUnsafe(5 + message.length);
      frame[0] = 0;
      frame.writeUInt32BE(message.length, 1);
      message.copy(frame, 5);
      stream.end(frame);
    });
  }
}

/** The one message of a unary response (a 5-byte prefix: compressed flag, length). */
function unframe(chunks: Buffer[], size: number): [Error | undefined, Buffer?] {
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  if (body.length < 5) return [grpcError(Code.Internal, 'Response had no message')];
  if (body[0] !== 0) return [grpcError(Code.Internal, 'Compressed response received, but no compression was asked for')];
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) return [grpcError(Code.Internal, `Response message of ${length} bytes arrived as ${body.length - 5}`)];
  return [undefined, body.subarray(5)];
}

function grpcMessage(raw: string | string[] | undefined): string {
  const text = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function withDeadline<T>(p: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(grpcError(Code.DeadlineExceeded, 'Deadline exceeded while connecting')), Math.max(0, deadline - Date.now()));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

const isDeadline = (err: unknown) => (err as { code?: number }).code === Code.DeadlineExceeded || /DEADLINE_EXCEEDED/.test(String(err));
const isUnreached = (err: unknown) => /No connection established|Connection dropped/.test(err instanceof Error ? err.message : String(err));
