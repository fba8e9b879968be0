import { afterEach, describe, expect, it, vi } from 'vitest';
import { AggregationController } from './aggregation.js';
import { bootstrapClusterRoles } from './bootstrap/index.js';
import type { ClusterRole, PolicyRule } from './rbac-types.js';

const viewLabel = 'rbac.authorization.k8s.io/aggregate-to-view';
const crontabRule: PolicyRule = { verbs: ['get', 'list', 'watch'], apiGroups: ['stable.example.com'], resources: ['crontabs'] };

/** A ClusterRole store standing in for server storage: `update` writes into it. */
function store(roles: ClusterRole[] = bootstrapClusterRoles()) {
  const byName = new Map(roles.map((r) => [r.metadata.name!, r]));
  const writes: string[] = [];
  let lists = 0;
  return {
    byName,
    writes,
    lists: () => lists,
    source: {
      listClusterRoles() {
        lists++;
        return [...byName.values()];
      },
    },
    update(name: string, rules: PolicyRule[]) {
      writes.push(name);
      byName.set(name, { ...byName.get(name)!, rules });
    },
    put(role: ClusterRole) {
      byName.set(role.metadata.name!, role);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AggregationController', () => {
  it('widens view, edit and admin on flush after a ClusterRole labelled aggregate-to-view appears', async () => {
    const s = store();
    const c = new AggregationController({ source: s.source, update: (n, r) => s.update(n, r) });
    await c.flush();
    s.writes.length = 0;
    s.put({ metadata: { name: 'crontab-reader', labels: { [viewLabel]: 'true' } }, rules: [crontabRule] });
    c.onClusterRoleChange();
    const written = await c.flush();
    expect([...written.keys()]).toEqual(['admin', 'edit', 'view']);
    for (const name of ['admin', 'edit', 'view']) expect(s.byName.get(name)!.rules).toContainEqual(crontabRule);
    expect(s.byName.get('view')!.rules![0]).toEqual(crontabRule);
  });

  it('narrows them again when the label is removed', async () => {
    const s = store();
    s.put({ metadata: { name: 'crontab-reader', labels: { [viewLabel]: 'true' } }, rules: [crontabRule] });
    const c = new AggregationController({ source: s.source, update: (n, r) => s.update(n, r) });
    await c.flush();
    s.put({ metadata: { name: 'crontab-reader', labels: {} }, rules: [crontabRule] });
    await c.flush();
    for (const name of ['admin', 'edit', 'view']) expect(s.byName.get(name)!.rules).not.toContainEqual(crontabRule);
  });

  it('writes nothing when nothing would change', async () => {
    const s = store();
    const c = new AggregationController({ source: s.source, update: (n, r) => s.update(n, r) });
    await c.flush();
    s.writes.length = 0;
    expect((await c.flush()).size).toBe(0);
    expect(s.writes).toEqual([]);
  });

  it('coalesces a burst of changes into one recompute after delayMs', async () => {
    vi.useFakeTimers();
    const s = store();
    const c = new AggregationController({ source: s.source, update: (n, r) => s.update(n, r), delayMs: 50 });
    c.onClusterRoleChange();
    c.onClusterRoleChange();
    c.onClusterRoleChange();
    await vi.advanceTimersByTimeAsync(49);
    expect(s.lists()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.lists()).toBe(1);
    expect(s.writes).toEqual(['admin', 'edit', 'view']);
  });

  it('runs one recompute at a time, each reading the source afresh', async () => {
    const s = store();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const c = new AggregationController({
      source: s.source,
      update: async (n, r) => {
        await gate;
        s.update(n, r);
      },
    });
    const first = c.flush();
    const second = c.flush();
    release();
    expect([...(await first).keys()]).toEqual(['admin', 'edit', 'view']);
    expect((await second).size).toBe(0);
    expect(s.writes).toEqual(['admin', 'edit', 'view']);
  });

  it('reports a failed update and retries it after retryDelayMs', async () => {
    vi.useFakeTimers();
    const s = store();
    let failures = 1;
    const errors: string[] = [];
    const c = new AggregationController({
      source: s.source,
      update: (n, r) => {
        if (n === 'view' && failures-- > 0) throw new Error('conflict');
        s.update(n, r);
      },
      retryDelayMs: 100,
      onError: (name, err) => errors.push(`${name}: ${(err as Error).message}`),
    });
    await c.flush();
    expect(errors).toEqual(['view: conflict']);
    expect(s.byName.get('view')!.rules).toBeNull();
    await vi.advanceTimersByTimeAsync(100);
    expect(s.byName.get('view')!.rules).not.toBeNull();
    expect(errors).toHaveLength(1);
  });

  it('drops a pending recompute on close and ignores later changes', async () => {
    vi.useFakeTimers();
    const s = store();
    const c = new AggregationController({ source: s.source, update: (n, r) => s.update(n, r) });
    c.onClusterRoleChange();
    c.close();
    c.onClusterRoleChange();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.lists()).toBe(0);
  });

  it('passes the role as the source had it to update', async () => {
    const s = store();
    const seen: Array<string | undefined> = [];
    const c = new AggregationController({ source: s.source, update: (_n, _r, role) => void seen.push(role.metadata.name) });
    await c.flush();
    expect(seen).toEqual(['admin', 'edit', 'view']);
  });
});
