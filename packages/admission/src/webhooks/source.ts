/**
 * Where the webhook plugins read the current configurations. The plugins ask on every request,
 * so a change takes effect on the next one. A server backs this with its stores kept current by
 * watch; `memoryWebhookConfigSource` holds them in memory (tests, embedding).
 *
 * @example
 * const source = memoryWebhookConfigSource();
 * source.set({ metadata: { name: 'policy' }, webhooks: [hook] });
 * const plugin = validatingWebhooks({ source, namespaceLookup });
 */
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from './types.js';

type MaybePromise<T> = T | Promise<T>;

export interface WebhookConfigSource {
  /** The current MutatingWebhookConfigurations, in any order (the plugin sorts them by name). */
  mutating(): MaybePromise<readonly MutatingWebhookConfiguration[]>;
  /** The current ValidatingWebhookConfigurations, in any order. */
  validating(): MaybePromise<readonly ValidatingWebhookConfiguration[]>;
  /**
   * Whether the initial list has been loaded; while false, requests are refused with kube's
   * `not yet ready to handle request` (Forbidden). Ready when absent.
   */
  ready?(): boolean;
}

export interface MemoryWebhookConfigSource extends WebhookConfigSource {
  mutating(): readonly MutatingWebhookConfiguration[];
  validating(): readonly ValidatingWebhookConfiguration[];
  /** Add or replace a configuration, by kind and name (a missing kind means validating). */
  set(config: MutatingWebhookConfiguration | ValidatingWebhookConfiguration): void;
  /** Remove a configuration; true when it existed. */
  delete(kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration', name: string): boolean;
  clear(): void;
}

/** An in-memory source. Stored configurations are replaced, never mutated, so cached matchers stay valid. */
export function memoryWebhookConfigSource(initial: Array<MutatingWebhookConfiguration | ValidatingWebhookConfiguration> = []): MemoryWebhookConfigSource {
  const mutating = new Map<string, MutatingWebhookConfiguration>();
  const validating = new Map<string, ValidatingWebhookConfiguration>();
  const source: MemoryWebhookConfigSource = {
    mutating: () => [...mutating.values()],
    validating: () => [...validating.values()],
    set(config) {
      const name = config.metadata.name ?? '';
      if (config.kind === 'MutatingWebhookConfiguration') mutating.set(name, structuredClone(config));
      else validating.set(name, structuredClone(config as ValidatingWebhookConfiguration));
    },
    delete(kind, name) {
      return (kind === 'MutatingWebhookConfiguration' ? mutating : validating).delete(name);
    },
    clear() {
      mutating.clear();
      validating.clear();
    },
  };
  for (const c of initial) source.set(c);
  return source;
}
