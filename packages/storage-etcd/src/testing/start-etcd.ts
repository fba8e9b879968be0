/**
 * startEtcd: a real etcd (one member or a three-member cluster) on free loopback ports with a
 * temporary data dir, for tests. It waits until every member is healthy, and `stop()` kills the
 * processes and removes the data. The binary is `$ETCD_BIN`, else `etcd` on PATH (Debian's
 * etcd-server package installs /usr/bin/etcd).
 *
 * @example
 * const etcd = await startEtcd({ members: 3 });
 * const storage = new EtcdStorage({ endpoints: etcd.endpoints });
 * await (await etcd.leader()).kill();   // the cluster elects a new leader and keeps serving
 * await etcd.stop();
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { EtcdMember } from './member.js';
import { freePorts } from './ports.js';

export { EtcdMember, type MemberSpec } from './member.js';

export interface EtcdTlsFiles {
  /** The serving certificate and key clients verify (PEM files). */
  certFile: string;
  keyFile: string;
  /** When set, clients must present a certificate signed by this CA (--client-cert-auth). */
  trustedCaFile?: string;
}

export interface StartEtcdOptions {
  /** 1 (default) or a 3-member cluster. */
  members?: 1 | 3;
  /** The etcd binary; default `$ETCD_BIN`, else `etcd` on PATH. */
  bin?: string;
  /** Serve clients over TLS with these files. */
  tls?: EtcdTlsFiles;
  /** etcd's --experimental-watch-progress-notify-interval (default 10 minutes). */
  progressNotifyIntervalMs?: number;
  /** How long to wait for the cluster to become healthy. Default 30 s. */
  startTimeoutMs?: number;
}

export interface EtcdCluster {
  /** The members' client URLs (http:// or https://). */
  endpoints: string[];
  members: EtcdMember[];
  /** The member that leads now (waits up to 10 s for an election). */
  leader(): Promise<EtcdMember>;
  /** Kills every member and removes the data dirs; idempotent. */
  stop(): Promise<void>;
}

/** The etcd binary to run: $ETCD_BIN, else the first `etcd` on PATH; undefined when there is none. */
export function findEtcdBinary(): string | undefined {
  const candidates = process.env.ETCD_BIN
    ? [process.env.ETCD_BIN]
    : (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).filter(Boolean).map((dir) => join(dir, 'etcd'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Why tests that need etcd cannot run on this machine, or undefined when they can. Under CI
 * (`CI=true`) it is always undefined: there a missing etcd must fail those tests, not skip them.
 */
export function etcdSkipReason(): string | undefined {
  if (findEtcdBinary() !== undefined || process.env.CI === 'true') return undefined;
  return missingEtcd();
}

function missingEtcd(): string {
  const where = process.env.ETCD_BIN ? `ETCD_BIN=${process.env.ETCD_BIN} is not an executable` : 'no etcd on PATH and ETCD_BIN unset';
  return `etcd is not installed (${where}; Debian: apt-get install etcd-server)`;
}

export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdCluster> {
  const bin = options.bin ?? findEtcdBinary();
  if (!bin) throw new Error(missingEtcd());
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(bin, options);
    } catch (err) {
      // Another process may have taken one of the free ports between picking and binding it.
      const raced = err instanceof Error && /address already in use/.test(err.message);
      if (!raced || attempt >= 3) throw err;
    }
  }
}

async function startOnce(bin: string, options: StartEtcdOptions): Promise<EtcdCluster> {
  const count = options.members ?? 1;
  const root = await mkdtemp(join(tmpdir(), 'etcd-test-'));
  const ports = await freePorts(count * 3);
  const scheme = options.tls ? 'https' : 'http';
  const token = `test-${randomBytes(6).toString('hex')}`;
  const specs = Array.from({ length: count }, (_, i) => ({
    name: `m${i}`,
    dataDir: join(root, `m${i}`),
    clientUrl: `${scheme}://127.0.0.1:${ports[i * 3]}`,
    peerUrl: `http://127.0.0.1:${ports[i * 3 + 1]}`,
    metricsUrl: `http://127.0.0.1:${ports[i * 3 + 2]}`,
  }));
  const initialCluster = specs.map((s) => `${s.name}=${s.peerUrl}`).join(',');
  const members = specs.map((spec) => {
    const args = [
      `--name=${spec.name}`,
      `--data-dir=${spec.dataDir}`,
      `--listen-client-urls=${spec.clientUrl}`,
      `--advertise-client-urls=${spec.clientUrl}`,
      `--listen-peer-urls=${spec.peerUrl}`,
      `--initial-advertise-peer-urls=${spec.peerUrl}`,
      `--listen-metrics-urls=${spec.metricsUrl}`,
      `--initial-cluster=${initialCluster}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=${token}`,
      '--logger=zap',
      '--log-level=warn',
    ];
    if (options.progressNotifyIntervalMs !== undefined)
      args.push(`--experimental-watch-progress-notify-interval=${options.progressNotifyIntervalMs}ms`);
    if (options.tls) {
      args.push(`--cert-file=${options.tls.certFile}`, `--key-file=${options.tls.keyFile}`);
      if (options.tls.trustedCaFile) args.push(`--trusted-ca-file=${options.tls.trustedCaFile}`, '--client-cert-auth');
    }
    return new EtcdMember(bin, spec, args);
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await Promise.all(members.map((m) => m.kill()));
      await rm(root, { recursive: true, force: true });
    })());
  try {
    for (const m of members) m.spawn();
    await Promise.all(members.map((m) => m.waitHealthy(options.startTimeoutMs ?? 30_000)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    endpoints: members.map((m) => m.clientUrl),
    members,
    async leader() {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        for (const m of members) if (m.running() && (await m.isLeader())) return m;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no etcd member became leader within 10 s');
    },
    stop,
  };
}
