/**
 * kube-lite in its own process (src/bin.ts run by vite-node with the kube-lite vitest config,
 * so `@apiserver-kit/*` resolve to their sources), for tests whose question is "does the
 * process survive this?": a crash there fails an assertion instead of killing the test runner.
 *
 * @example
 * const k = await startChildKubeLite(join(tmp, 'data'));
 * // ... hostile requests against k.url ...
 * expect(k.running(), k.stderrTail()).toBe(true);
 * await k.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const viteNode = fileURLToPath(new URL('../../../node_modules/vite-node/vite-node.mjs', import.meta.url));
const config = fileURLToPath(new URL('../vitest.config.ts', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

export interface ChildKubeLite {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Resolves when the process exits, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** The last lines the process wrote to stderr (a crash report ends up here). */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** kube-lite's CLI on `dataDir` (with more flags if given) in a child process; resolves once it is ready. */
export function startChildKubeLite(dataDir: string, args: string[] = [], timeoutMs = 60_000): Promise<ChildKubeLite> {
  const child = spawn(process.execPath, [viteNode, '-c', config, bin, '--', '--secure-port', '0', '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let stdout = '';
  let stderr = '';
  let alive = true;
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kube-lite did not start within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`kube-lite exited before it was ready (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /kube-lite ready at (https:\/\/\S+)/.exec(stdout);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        dataDir,
        child,
        exited,
        running: () => alive,
        stderrTail: () => stderr.split('\n').slice(-25).join('\n'),
        async stop() {
          if (!alive) return;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(force);
        },
      });
    });
  });
}
