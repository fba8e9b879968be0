/**
 * kube-lite on its default storage (SQLite under <data-dir>/db/) killed with SIGKILL in the
 * middle of a stream of creates, then restarted on the same data dir: every create that was
 * answered 201 is there with the same content and resourceVersion, and new writes get larger
 * resourceVersions.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChildKubeLite, startChildKubeLite } from './child-kube-lite.js';
import { rawClient } from './raw-client.js';
import { type Acked, configMapsPath as path, createUntilDown } from './crash-writes.js';

describe('kube-lite with --storage sqlite after SIGKILL', () => {
  let dir: string;
  let running: ChildKubeLite | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-lite-sqlite-crash-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every create answered 201 before the kill, and resourceVersions keep growing after the restart', async () => {
    const dataDir = join(dir, 'data');
    const first = await startChildKubeLite(dataDir);
    running = first;
    // The default backend is SQLite, under the data dir.
    expect(existsSync(join(dataDir, 'db', 'kine.db'))).toBe(true);
    const api = await rawClient(first.url, join(dataDir, 'pki'));
    const acked: Acked[] = [];
    const workers = Array.from({ length: 6 }, (_, w) => createUntilDown(api, w, acked));
    while (acked.length < 60) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(workers);

    const second = await startChildKubeLite(dataDir);
    running = second;
    const api2 = await rawClient(second.url, join(dataDir, 'pki'));
    for (const a of acked) {
      const r = await api2.request('GET', `${path}/${a.name}`);
      expect(r.status, r.body).toBe(200);
      const got = r.json() as { metadata: { uid: string; resourceVersion: string }; data: unknown };
      expect([got.metadata.uid, got.metadata.resourceVersion, got.data]).toEqual([a.uid, a.resourceVersion, a.data]);
    }
    const maxAcked = Math.max(...acked.map((a) => Number(a.resourceVersion)));
    const list = await api2.request('GET', path);
    const listRv = Number((list.json().metadata as { resourceVersion: string }).resourceVersion);
    expect(listRv).toBeGreaterThanOrEqual(maxAcked);
    const after = await api2.request('POST', path, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-restart' } }) });
    expect(after.status, after.body).toBe(201);
    expect(Number((after.json().metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(listRv);
  });
});
