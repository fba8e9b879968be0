import { describe, expect, it } from 'vitest';
import type { MutatingPlugin, ValidatingPlugin } from '@apiserver-kit/core';
import { AdmissionConfigError, AdmissionRegistry, type PluginContext } from './registry.js';
import { registerBuiltinPlugins } from './plugins/builtins.js';
import { MemoryObjectLookup } from './testing/memory-lookup.js';

const validating = (name: string): ValidatingPlugin => ({ name, validate: async () => {} });
const mutating = (name: string): MutatingPlugin => ({ name, admit: async () => {} });

function registry(): AdmissionRegistry {
  const r = new AdmissionRegistry();
  // Registered out of kube's order on purpose.
  r.register('ValidatingAdmissionWebhook', () => validating('ValidatingAdmissionWebhook'));
  r.register('ResourceQuota', () => validating('ResourceQuota'));
  r.register('MutatingAdmissionWebhook', () => mutating('MutatingAdmissionWebhook'));
  r.register('NamespaceLifecycle', () => validating('NamespaceLifecycle'));
  r.register('AlwaysPullImages', () => mutating('AlwaysPullImages'));
  r.register('ValidatingAdmissionPolicy', () => validating('ValidatingAdmissionPolicy'));
  return r;
}

describe('AdmissionRegistry', () => {
  it("orders plugins by kube-apiserver's AllOrderedPlugins, not registration order", () => {
    expect(registry().registered()).toEqual([
      'NamespaceLifecycle',
      'AlwaysPullImages',
      'MutatingAdmissionWebhook',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionWebhook',
      'ResourceQuota',
    ]);
  });

  it("enables kube's default-on plugins when no flag is given", () => {
    expect(registry().enabledNames()).toEqual([
      'NamespaceLifecycle',
      'MutatingAdmissionWebhook',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionWebhook',
      'ResourceQuota',
    ]);
  });

  it('adds --enable-admission-plugins and removes --disable-admission-plugins, whatever order they are listed in', () => {
    const names = registry().enabledNames({ enable: ['AlwaysPullImages'], disable: ['ResourceQuota', 'NamespaceLifecycle'] });
    expect(names).toEqual(['AlwaysPullImages', 'MutatingAdmissionWebhook', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook']);
  });

  it('ignores empty names from flags such as "a,,b"', () => {
    expect(registry().enabledNames({ enable: ['', ' AlwaysPullImages '], disable: [''] })).toContain('AlwaysPullImages');
  });

  it('refuses unknown plugin names with the flag they came from', () => {
    const err = (() => {
      try {
        registry().enabledNames({ enable: ['Nope'], disable: ['Gone'] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(AdmissionConfigError);
    expect((err as AdmissionConfigError).errors).toEqual([
      'enable-admission-plugins plugin "Nope" is unknown',
      'disable-admission-plugins plugin "Gone" is unknown',
    ]);
    expect((err as Error).message).toBe(
      '[enable-admission-plugins plugin "Nope" is unknown, disable-admission-plugins plugin "Gone" is unknown]',
    );
  });

  it('refuses a plugin that is both enabled and disabled', () => {
    expect(() => registry().build({ enable: ['ResourceQuota'], disable: ['ResourceQuota'] })).toThrow(
      '[ResourceQuota] in enable-admission-plugins and disable-admission-plugins overlapped',
    );
  });

  it('refuses registering a name twice', () => {
    expect(() => registry().register('ResourceQuota', () => validating('x'))).toThrow('admission plugin "ResourceQuota" was registered twice');
  });

  it('places plugins kube does not know before the webhook tail, default off unless registered on', () => {
    const r = registry();
    r.register('TeamLabels', () => mutating('TeamLabels'), { defaultEnabled: true });
    r.register('Audit', () => validating('Audit'));
    expect(r.registered()).toEqual([
      'NamespaceLifecycle',
      'AlwaysPullImages',
      'TeamLabels',
      'Audit',
      'MutatingAdmissionWebhook',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionWebhook',
      'ResourceQuota',
    ]);
    expect(r.defaultEnabled()).toContain('TeamLabels');
    expect(r.defaultEnabled()).not.toContain('Audit');
  });

  it('builds mutating and validating phases in order, splitting plugins that are both', () => {
    const r = registry();
    r.register('Both', () => ({ name: 'Both', admit: async () => {}, validate: async () => {} }), { defaultEnabled: true });
    r.register('Pair', () => ({ validating: validating('PairV') }), { defaultEnabled: true });
    const chain = r.build({ disable: ['ResourceQuota'] });
    expect(chain.mutating.map((p) => p.name)).toEqual(['Both', 'MutatingAdmissionWebhook']);
    expect(chain.validating.map((p) => p.name)).toEqual([
      'NamespaceLifecycle',
      'Both',
      'PairV',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionWebhook',
    ]);
    expect(chain.names).toEqual(['NamespaceLifecycle', 'Both', 'Pair', 'MutatingAdmissionWebhook', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook']);
  });

  it('hands each factory its own configuration and the context', () => {
    const seen: Array<[string, unknown, PluginContext]> = [];
    const r = new AdmissionRegistry();
    r.register('A', (config, ctx) => (seen.push(['A', config, ctx]), validating('A')), { defaultEnabled: true });
    r.register('B', (config, ctx) => (seen.push(['B', config, ctx]), validating('B')), { defaultEnabled: true });
    const context = { objects: new MemoryObjectLookup() };
    r.build({ configs: new Map([['A', { x: 1 }]]), context });
    r.build({ configs: { B: 'b' }, context });
    expect(seen).toEqual([
      ['A', { x: 1 }, context],
      ['B', undefined, context],
      ['A', undefined, context],
      ['B', 'b', context],
    ]);
  });

  it('names the plugin whose factory fails', () => {
    const r = new AdmissionRegistry().register(
      'Broken',
      () => {
        throw new Error('bad config');
      },
      { defaultEnabled: true },
    );
    expect(() => r.build()).toThrow('admission plugin "Broken": bad config');
  });

  it('gives plugins without a context a lookup that fails clearly when used', async () => {
    const chain = registerBuiltinPlugins(new AdmissionRegistry()).build({ disable: ['ResourceQuota'] });
    const nl = chain.validating[0]!;
    await expect(
      nl.validate({
        operation: 'CREATE',
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
        resource: { group: '', version: 'v1', resource: 'configmaps' },
        subresource: '',
        name: 'x',
        namespace: 'default',
        dryRun: false,
        user: { name: 'u', groups: [] },
      }),
    ).rejects.toThrow('build() was given no context');
  });

  it('registers the built-in plugins with NamespaceLifecycle and ResourceQuota on by default', () => {
    const r = registerBuiltinPlugins(new AdmissionRegistry());
    expect(r.registered()).toEqual(['AlwaysAdmit', 'NamespaceLifecycle', 'ResourceQuota', 'AlwaysDeny']);
    expect(r.defaultEnabled()).toEqual(['NamespaceLifecycle', 'ResourceQuota']);
  });
});
