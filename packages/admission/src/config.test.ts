import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdmissionConfiguration, readAdmissionConfiguration } from './config.js';
import { AdmissionConfigError } from './registry.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'admission-config-'));
  await mkdir(join(dir, 'plugins'));
  await writeFile(
    join(dir, 'plugins', 'quota.yaml'),
    'apiVersion: apiserver.config.k8s.io/v1\nkind: ResourceQuotaConfiguration\nlimitedResources:\n- resource: configmaps\n  matchContains: [configmaps]\n',
  );
  await writeFile(
    join(dir, 'admission.yaml'),
    [
      'apiVersion: apiserver.config.k8s.io/v1',
      'kind: AdmissionConfiguration',
      'plugins:',
      '- name: ResourceQuota',
      '  path: plugins/quota.yaml',
      '- name: ValidatingAdmissionWebhook',
      '  configuration:',
      '    apiVersion: apiserver.config.k8s.io/v1',
      '    kind: WebhookAdmissionConfiguration',
      '    kubeConfigFile: /etc/wh.kubeconfig',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readAdmissionConfiguration', () => {
  it('reads inline configurations and plugin files relative to the configuration file', async () => {
    const loaded = await readAdmissionConfiguration(join(dir, 'admission.yaml'));
    expect(loaded.plugins.map((p) => p.name)).toEqual(['ResourceQuota', 'ValidatingAdmissionWebhook']);
    expect(loaded.plugins[0]!.path).toBe(join(dir, 'plugins', 'quota.yaml'));
    expect(loaded.configs.get('ResourceQuota')).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'ResourceQuotaConfiguration',
      limitedResources: [{ resource: 'configmaps', matchContains: ['configmaps'] }],
    });
    expect(loaded.configs.get('ValidatingAdmissionWebhook')).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'WebhookAdmissionConfiguration',
      kubeConfigFile: '/etc/wh.kubeconfig',
    });
  });

  it('fails with the path when the file is missing', async () => {
    await expect(readAdmissionConfiguration(join(dir, 'nope.yaml'))).rejects.toThrow(
      `unable to read admission control configuration from "${join(dir, 'nope.yaml')}"`,
    );
  });

  it("fails naming the plugin whose configuration file is missing", async () => {
    const text = JSON.stringify({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration', plugins: [{ name: 'X', path: 'missing.yaml' }] });
    await expect(parseAdmissionConfiguration(text, dir)).rejects.toThrow(/admission plugin configuration .*missing\.yaml of plugin "X"/);
  });
});

describe('parseAdmissionConfiguration', () => {
  it('accepts JSON and the legacy apiserver.k8s.io/v1alpha1 version', async () => {
    const text = JSON.stringify({
      apiVersion: 'apiserver.k8s.io/v1alpha1',
      kind: 'AdmissionConfiguration',
      plugins: [{ name: 'EventRateLimit', configuration: { limits: [] } }],
    });
    const loaded = await parseAdmissionConfiguration(text);
    expect(loaded.configs.get('EventRateLimit')).toEqual({ limits: [] });
  });

  it('refuses other kinds and versions', async () => {
    await expect(parseAdmissionConfiguration('apiVersion: apiserver.config.k8s.io/v1alpha1\nkind: AdmissionConfiguration\n')).rejects.toThrow(
      'no kind "AdmissionConfiguration" is registered for version "apiserver.config.k8s.io/v1alpha1"',
    );
    await expect(parseAdmissionConfiguration('apiVersion: apiserver.config.k8s.io/v1\nkind: Tracing\n')).rejects.toBeInstanceOf(
      AdmissionConfigError,
    );
  });

  it('refuses a plugin entry without a name and text that is not YAML', async () => {
    await expect(
      parseAdmissionConfiguration('apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- path: x.yaml\n'),
    ).rejects.toThrow('invalid admission configuration: plugins.0.name');
    await expect(parseAdmissionConfiguration('plugins: [unclosed')).rejects.toThrow('unable to parse admission configuration');
  });

  it('keeps the first entry of a name, and an inline configuration over a path', async () => {
    const text = JSON.stringify({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AdmissionConfiguration',
      plugins: [
        { name: 'A', configuration: { first: true }, path: 'never-read.yaml' },
        { name: 'A', configuration: { first: false } },
      ],
    });
    const loaded = await parseAdmissionConfiguration(text, dir);
    expect(loaded.configs.get('A')).toEqual({ first: true });
    expect(loaded.plugins).toHaveLength(2);
  });

  it('treats an empty plugin list as no configuration', async () => {
    const loaded = await parseAdmissionConfiguration('apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\n');
    expect(loaded.configs.size).toBe(0);
  });
});
