import { join } from 'node:path';
import { it } from 'vitest';
import { startCluster } from './harness.js';
import { rawClient } from './raw-client.js';

it('explore', async () => {
  const c = await startCluster();
  const api = await rawClient(c.kl.url, join(c.dir, 'data', 'pki'));
  const cm = '/api/v1/namespaces/default/configmaps';
  const show = async (label: string, m: string, p: string, o = {}) => {
    try {
      const r = await api.request(m, p, o);
      console.log(`### ${label}: ${r.status} ${r.headers['content-type']}\n${r.body.slice(0, 1500)}`);
    } catch (e) { console.log(`### ${label}: ERR ${e}`); }
  };
  await show('create ok', 'POST', cm, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { a: '1' } }) });
  await show('ns create', 'POST', '/api/v1/namespaces', { body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n1' } }) });
  await show('ns field sel', 'GET', '/api/v1/namespaces?fieldSelector=spec.x%3Dy');
  await show('pct name', 'GET', cm + '/a%25b');
  await show('get dotdot encoded', 'GET', cm + '/%2E%2E');
  const labels: Record<string, string> = {};
  for (let i = 0; i < 10000; i++) labels[`l${i}`] = 'v';
  await show('many labels', 'POST', cm, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'labels', labels } }) });
  const ann: Record<string, string> = { big: 'x'.repeat(300 * 1024) };
  await show('big annotations', 'POST', cm, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ann', annotations: ann } }) });
  await show('dotdot', 'GET', '/api/v1/namespaces/default/configmaps/../../kube-system/configmaps');
  await show('dotdot2', 'GET', '/api/v1/namespaces/default/configmaps/..');
  await show('dotdot3', 'GET', '/api/v1/namespaces/default/configmaps/.');
  await show('enc slash', 'GET', '/api/v1/namespaces/default/configmaps/a%2Fb');
  await show('enc slash ns', 'GET', '/api/v1/namespaces/default%2Fx/configmaps');
  await show('enc dotdot', 'GET', '/api/v1/namespaces/default/configmaps/%2E%2E');
  await show('double slash', 'GET', '/api/v1/namespaces/default//configmaps');
  await show('put .. name', 'PUT', cm + '/..', { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '..' } }) });
  await show('put %2F name', 'PUT', cm + '/a%2Fb', { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a/b' } }) });
  await show('put name mismatch', 'PUT', cm + '/keep', { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } }) });
  await show('readyz', 'GET', '/readyz');
  await show('list', 'GET', cm);
  await c.stop();
}, 120000);
