import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const viteNode = fileURLToPath(new URL('../../../node_modules/vite-node/vite-node.mjs', import.meta.url));
const config = fileURLToPath(new URL('../vitest.config.ts', import.meta.url));
const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

interface Ack {
  key: string;
  rv: number;
  value: string;
}

/** Runs crash-writer.ts on `path`, SIGKILLs it once `acks` writes were acknowledged, and returns them. */
function writeUntilKilled(path: string, acks: number): Promise<{ start: number; acked: Ack[] }> {
  const child = spawn(process.execPath, [viteNode, '-c', config, writer, '--', path], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let buffered = '';
  let start = 0;
  const acked: Ack[] = [];
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, a, b, c] = line.split(' ');
        if (word === 'ready') start = Number(a);
        if (word === 'ack') acked.push({ key: a!, rv: Number(b), value: c! });
      }
      // Killed mid-stream: writes are in flight (queued, committing or unanswered) right now.
      if (acked.length >= acks && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ start, acked });
      else reject(new Error(`the writer exited by itself (code ${code}); stderr:\n${stderr}`));
    });
  });
}

describe('SqliteStorage after SIGKILL', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-sqlite-crash-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write of a process killed mid-stream, twice, and continues the revisions', async () => {
    const path = join(dir, 'db', 'kine.db');
    const first = await writeUntilKilled(path, 300);
    const second = await writeUntilKilled(path, 300);
    expect(first.start).toBe(1);
    const firstMax = Math.max(...first.acked.map((a) => a.rv));
    // The second process resumed at (or after: unacknowledged writes may have landed) the first's last ack.
    expect(second.start).toBeGreaterThanOrEqual(firstMax);
    expect(Math.min(...second.acked.map((a) => a.rv))).toBeGreaterThan(second.start);

    const storage = new SqliteStorage({ path, historyRevisions: 50 });
    try {
      const acked = [...first.acked, ...second.acked];
      const lastRv = Math.max(...acked.map((a) => a.rv));
      expect(await storage.currentRevision()).toBeGreaterThanOrEqual(lastRv);
      const creates = acked.filter((a) => a.key !== '/crash/counter');
      expect(creates.length).toBeGreaterThan(400);
      for (const a of creates) {
        const obj = await storage.get(a.key);
        expect([obj.metadata.resourceVersion, obj.data]).toEqual([String(a.rv), { value: a.value }]);
      }
      // The counter went up by one per acknowledged increment, and nothing acknowledged was lost.
      const counts = acked.filter((a) => a.key === '/crash/counter').map((a) => Number(a.value));
      const counter = await storage.get('/crash/counter');
      expect(Number((counter.data as Record<string, string>).value)).toBeGreaterThanOrEqual(Math.max(...counts));
      expect(new Set(counts).size).toBe(counts.length);
      const next = await storage.create('/crash/after', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } });
      expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(lastRv);
    } finally {
      await storage.close();
    }
  });
});
