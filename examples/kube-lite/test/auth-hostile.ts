/**
 * Helpers for hostile authentication tests: a forged credential tries to create a configmap,
 * and the admin checks afterwards that the configmaps (list resourceVersion and contents) are
 * exactly as before and that the server still serves.
 *
 * @example
 * await unchanged(c, async () => {
 *   expectUnauthorized(await writeWith(c, { headers: { Authorization: `Bearer ${forged}` } }));
 * });
 */
import { expect } from 'vitest';
import type { AuthCluster, AuthRequestOptions, AuthResponse } from './auth-cluster.js';

export const configmaps = '/api/v1/namespaces/default/configmaps';

/** The default namespace's configmaps as the admin sees them: list resourceVersion, names, data and resourceVersions. */
export async function configmapSnapshot(c: AuthCluster): Promise<unknown> {
  const r = await c.request('GET', configmaps);
  expect(r.status, r.body).toBe(200);
  const list = r.json() as { metadata: { resourceVersion: string }; items: Array<{ metadata: Record<string, unknown>; data?: unknown }> };
  return {
    resourceVersion: list.metadata.resourceVersion,
    items: list.items.map((i) => ({ name: i.metadata.name, resourceVersion: i.metadata.resourceVersion, data: i.data })),
  };
}

/** Runs `attack`, then asserts nothing the admin can see changed and the server still answers. */
export async function unchanged(c: AuthCluster, attack: () => Promise<void>): Promise<void> {
  const before = await configmapSnapshot(c);
  await attack();
  expect(await configmapSnapshot(c), 'configmaps changed').toEqual(before);
  const ready = await c.request('GET', '/readyz');
  expect(ready.status).toBe(200);
}

/** Tries to create a configmap named `stolen` with the given credentials (default: no client certificate). */
export function writeWith(c: AuthCluster, opts: Omit<AuthRequestOptions, 'body'>): Promise<AuthResponse> {
  return c.request('POST', configmaps, {
    cert: null,
    ...opts,
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stolen' }, data: { by: 'attacker' } },
  });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
