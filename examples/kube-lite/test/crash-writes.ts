/**
 * The write stream of the kill -9 tests: ConfigMap creates one after another until the server
 * dies, recording every create it acknowledged with 201.
 */
import type { RawClient } from './raw-client.js';

export interface Acked {
  name: string;
  uid: string;
  resourceVersion: string;
  data: Record<string, string>;
}

export const configMapsPath = '/api/v1/namespaces/default/configmaps';

/** Creates ConfigMaps until a request fails (the server died); pushes each 201 onto `acked`. */
export async function createUntilDown(api: RawClient, worker: number, acked: Acked[]): Promise<void> {
  for (let n = 0; ; n++) {
    const name = `crash-${worker}-${n}`;
    const data = { worker: String(worker), n: String(n), payload: 'x'.repeat(n % 7) };
    let status: number;
    let body: Record<string, unknown>;
    try {
      const r = await api.request('POST', configMapsPath, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data }) });
      status = r.status;
      body = r.json();
    } catch {
      return;
    }
    if (status !== 201) throw new Error(`create ${name}: ${status} ${JSON.stringify(body)}`);
    const meta = body.metadata as { uid: string; resourceVersion: string };
    acked.push({ name, uid: meta.uid, resourceVersion: meta.resourceVersion, data });
  }
}
