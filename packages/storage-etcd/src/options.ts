/**
 * EtcdStorage's options and the etcd3 (gRPC) client configuration built from them: endpoints,
 * TLS, fast reconnects, keepalives, and per-host circuit breakers. Retries are EtcdStorage's
 * own (reads on any transient failure, writes only when the request provably never reached
 * etcd), so the client's global retry policy is off.
 *
 * @example
 * const storage = new EtcdStorage({
 *   endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'],
 *   tls: { ca: readFileSync('ca.crt'), cert: readFileSync('client.crt'), key: readFileSync('client.key') },
 * });
 */
import { rootCertificates } from 'node:tls';
import type { IOptions } from 'etcd3';
import type { UnaryClientOptions } from './grpc/unary.js';
import { memberBreaker, passThrough } from './policies.js';

export interface EtcdTlsOptions {
  /** CA bundle (PEM) the servers' certificates are verified against; default the system roots. */
  ca?: string | Buffer;
  /** Client certificate (PEM), for etcd's --client-cert-auth. */
  cert?: string | Buffer;
  /** Key of the client certificate (PEM). */
  key?: string | Buffer;
}

export interface EtcdStorageOptions {
  /** Client URLs of the etcd members (`http://127.0.0.1:2379`, `https://...`), or host:port. */
  endpoints: string[];
  /**
   * Prepended to every storage key to form the etcd key. Default '': storage keys of the server
   * already start with /registry, so objects land at /registry/<group>/<resource>/... as in
   * kube-apiserver. Use it to keep several servers (or tests) apart in one etcd.
   */
  prefix?: string;
  /** TLS for the client connections (also implied by https:// endpoints). */
  tls?: EtcdTlsOptions;
  /** Deadline of each etcd call, retries included. Default 10 000 ms; past it a request fails with 504. */
  requestTimeoutMs?: number;
  /**
   * How often history is compacted (kube-apiserver's --etcd-compaction-interval): each run
   * compacts to the revision seen one interval earlier. Default 300 000 (5 min); 0 disables.
   */
  compactionIntervalMs?: number;
  /** Events a watch consumer may fall behind before the watch is ended. Default 100 000. */
  watchQueueLimit?: number;
  /**
   * Keys whose last written or read state is kept, so that an update of one of them starts from
   * it (one round trip) instead of reading it first. Default 10 000; 0 keeps none.
   */
  updateCacheSize?: number;
  /** Told about failed periodic compactions (etcd unreachable...); they are retried next interval. */
  onCompactionError?(err: unknown): void;
}

export interface ResolvedOptions {
  prefix: string;
  requestTimeoutMs: number;
  compactionIntervalMs: number;
  watchQueueLimit: number;
  updateCacheSize: number;
}

export function resolveOptions(o: EtcdStorageOptions): ResolvedOptions {
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  const compactionIntervalMs = o.compactionIntervalMs ?? 300_000;
  if (!(requestTimeoutMs > 0)) throw new RangeError(`requestTimeoutMs must be positive, got ${requestTimeoutMs}`);
  if (!(compactionIntervalMs >= 0)) throw new RangeError(`compactionIntervalMs must be >= 0, got ${compactionIntervalMs}`);
  if (!Array.isArray(o.endpoints) || o.endpoints.length === 0) throw new RangeError('etcd endpoints must not be empty');
  const updateCacheSize = o.updateCacheSize ?? 10_000;
  if (!(Number.isInteger(updateCacheSize) && updateCacheSize >= 0)) throw new RangeError(`updateCacheSize must be an integer >= 0, got ${updateCacheSize}`);
  return { prefix: o.prefix ?? '', requestTimeoutMs, compactionIntervalMs, watchQueueLimit: o.watchQueueLimit ?? 100_000, updateCacheSize };
}

const toBuffer = (v: string | Buffer): Buffer => (typeof v === 'string' ? Buffer.from(v) : v);

/** The unary (Range/Txn/Compact) client's options for `o`: the same endpoints, TLS and keepalive. */
export function unaryOptions(o: EtcdStorageOptions): UnaryClientOptions {
  const hosts = o.endpoints.map((e) => e.trim()).filter(Boolean);
  const tls = o.tls;
  const useTls = tls && (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined);
  if (useTls && (tls.cert === undefined) !== (tls.key === undefined)) throw new RangeError('etcd TLS: cert and key must be given together');
  return {
    endpoints: hosts,
    keepaliveMs: 30_000,
    keepaliveTimeoutMs: 10_000,
    maxMessageBytes: 64 * 1024 * 1024,
    ...(useTls
      ? {
          tls: {
            ...(tls.ca !== undefined ? { ca: toBuffer(tls.ca) } : {}),
            ...(tls.cert !== undefined ? { cert: toBuffer(tls.cert) } : {}),
            ...(tls.key !== undefined ? { key: toBuffer(tls.key) } : {}),
          },
        }
      : {}),
  };
}

/** The etcd3 client options for `o`. */
export function clientOptions(o: EtcdStorageOptions): IOptions {
  const hosts = o.endpoints.map((e) => e.trim()).filter(Boolean);
  const options: IOptions = {
    hosts,
    grpcOptions: {
      // Reconnect quickly once etcd is back instead of gRPC's default backoff of up to 2 minutes.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
      // Notice a dead connection (a hung or partitioned member); etcd allows pings every 5 s.
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      // EtcdStorage retries by itself (writes only when they never reached etcd); gRPC's own
      // retry layer would only buffer every message. Channelz bookkeeping is off too: both cost
      // CPU on every call.
      'grpc.enable_retries': 0,
      'grpc.enable_channelz': 0,
    },
    faultHandling: {
      // A member that failed 3 calls in a row is skipped for a second, then tried again.
      host: () => memberBreaker(3, 1000),
      global: passThrough(),
    },
  };
  const tls = o.tls;
  if (tls && (tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined)) {
    if ((tls.cert === undefined) !== (tls.key === undefined)) throw new RangeError('etcd TLS: cert and key must be given together');
    options.credentials = {
      rootCertificate: tls.ca !== undefined ? toBuffer(tls.ca) : Buffer.from(rootCertificates.join('\n')),
      ...(tls.key !== undefined ? { privateKey: toBuffer(tls.key) } : {}),
      ...(tls.cert !== undefined ? { certChain: toBuffer(tls.cert) } : {}),
    };
  }
  return options;
}
