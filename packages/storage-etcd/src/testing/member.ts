/**
 * One etcd process of a test cluster: spawned with its own data dir and loopback ports, watched
 * through its plain-HTTP metrics listener (`/health`, `/metrics`), killed, paused or restarted
 * on demand. Every live process is killed when the test process exits, whatever happens.
 *
 * @example
 * const m = new EtcdMember(bin, spec, args);
 * await m.start();
 * await m.kill();
 * await m.restart();
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface MemberSpec {
  name: string;
  dataDir: string;
  clientUrl: string;
  peerUrl: string;
  /** Plain HTTP: `/health` and `/metrics` (also when clients use TLS). */
  metricsUrl: string;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kill leftover etcd processes when the test process exits (a crashed suite must not leak them). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export class EtcdMember {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private log = '';

  constructor(
    private readonly bin: string,
    readonly spec: MemberSpec,
    private readonly args: string[],
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get clientUrl(): string {
    return this.spec.clientUrl;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  running(): boolean {
    return this.child !== undefined;
  }

  /** The last lines etcd logged (for failure messages). */
  logTail(): string {
    return this.log.split('\n').slice(-30).join('\n');
  }

  /** Spawns the process; `healthy()` tells when it serves. */
  spawn(): void {
    if (this.child) throw new Error(`etcd member ${this.name} is already running`);
    installExitHook();
    const child = spawn(this.bin, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    const append = (d: Buffer): void => {
      this.log = (this.log + d.toString()).slice(-16_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        if (this.child === child) this.child = undefined;
        append(Buffer.from(`\n[etcd ${this.name} exited: code ${code}, signal ${signal}]\n`));
        resolve();
      });
      child.once('error', (err) => append(Buffer.from(`\n[etcd ${this.name} failed to spawn: ${err.message}]\n`)));
    });
  }

  /** Whether the member reports itself healthy (it has a leader and serves reads). */
  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.spec.metricsUrl}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { health?: unknown };
      return res.ok && body.health === 'true';
    } catch {
      return false;
    }
  }

  /** Whether this member is the raft leader now. */
  async isLeader(): Promise<boolean> {
    try {
      const res = await fetch(`${this.spec.metricsUrl}/metrics`, { signal: AbortSignal.timeout(2000) });
      return /^etcd_server_is_leader 1$/m.test(await res.text());
    } catch {
      return false;
    }
  }

  /** Waits until healthy; fails with the log tail after `timeoutMs` or when the process exits. */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.child) throw new Error(`etcd member ${this.name} exited while starting:\n${this.logTail()}`);
      if (await this.healthy()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`etcd member ${this.name} was not healthy within ${timeoutMs} ms:\n${this.logTail()}`);
  }

  /** Kills the process (SIGKILL unless told otherwise) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await this.exited;
  }

  /** SIGSTOP: the process keeps its sockets open but answers nothing (a hung etcd). */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGCONT after `pause()`. */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Starts a killed member again with the same data dir and ports, and waits until it serves. */
  async restart(timeoutMs = 30_000): Promise<void> {
    await this.kill();
    this.spawn();
    await this.waitHealthy(timeoutMs);
  }
}
