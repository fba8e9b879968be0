/**
 * kube's admission plugin registry: named factories, built into a chain by the rules of
 * `--enable-admission-plugins` / `--disable-admission-plugins` (the default-on set, plus the
 * enabled, minus the disabled) and run in kube-apiserver's `AllOrderedPlugins` order, whatever
 * order the flags list them in. Per-plugin configuration comes from `--admission-control-config-file`
 * (see `readAdmissionConfiguration`).
 *
 * @example
 * const registry = new AdmissionRegistry();
 * registerBuiltinPlugins(registry); // NamespaceLifecycle, ResourceQuota, AlwaysAdmit, AlwaysDeny
 * registry.register('MyPolicy', (config, ctx) => myPolicy(config, ctx), { defaultEnabled: true });
 * const { mutating, validating } = registry.build({
 *   enable: ['AlwaysPullImages'], disable: ['ResourceQuota'],
 *   configs: (await readAdmissionConfiguration('admission.yaml')).configs,
 *   context: { objects: objectLookupFromRegistry(() => server.registry) },
 * });
 * createApiServer({ storage, admission: { mutating, validating } });
 */
import type { ApiObject, GroupResource, MutatingPlugin, ValidatingPlugin } from '@apiserver-kit/core';
import { customPluginSlot, kubeAdmissionPluginOrder, kubeDefaultOnPlugins } from './plugins/order.js';
import { type AdmissionPluginLike, splitPlugin } from './plugins/split.js';

/** Reads what the server stores; the only view of the server a built-in plugin gets. */
export interface ObjectLookup {
  /** The object, or undefined when it (or its resource) does not exist. */
  get(resource: GroupResource, namespace: string, name: string): Promise<ApiObject | undefined>;
  /** Every object of the resource in the namespace ('' for cluster-scoped or all namespaces). */
  list(resource: GroupResource, namespace: string): Promise<ApiObject[]>;
  /** How many objects `list` would return. */
  count(resource: GroupResource, namespace: string): Promise<number>;
}

/** What factories get besides their configuration. */
export interface PluginContext {
  objects: ObjectLookup;
}

export type PluginFactory = (config: unknown | undefined, ctx: PluginContext) => AdmissionPluginLike;

export interface RegisterOptions {
  /** On without `--enable-admission-plugins`. Default: kube's default-on set for kube's names, else false. */
  defaultEnabled?: boolean;
}

export interface BuildOptions {
  /** `--enable-admission-plugins`: enabled besides the default-on ones. */
  enable?: string[];
  /** `--disable-admission-plugins`: off although default-on. */
  disable?: string[];
  /** Per-plugin configuration, by plugin name (from the admission configuration file). */
  configs?: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;
  context?: PluginContext;
}

export interface AdmissionChain {
  mutating: MutatingPlugin[];
  validating: ValidatingPlugin[];
  /** The enabled plugin names in execution order (kube logs these at startup). */
  names: string[];
}

/** A bad flag or configuration; `errors` lists each problem, `message` joins them as kube does. */
export class AdmissionConfigError extends Error {
  readonly errors: string[];
  constructor(errors: string[]) {
    super(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
    this.name = 'AdmissionConfigError';
    this.errors = errors;
  }
}

interface Entry {
  name: string;
  factory: PluginFactory;
  defaultEnabled: boolean;
  seq: number;
}

const noContext: PluginContext = {
  objects: {
    get: () => Promise.reject(new Error('admission plugin read objects, but build() was given no context')),
    list: () => Promise.reject(new Error('admission plugin read objects, but build() was given no context')),
    count: () => Promise.reject(new Error('admission plugin read objects, but build() was given no context')),
  },
};

function rank(entry: Entry): [number, number] {
  const i = kubeAdmissionPluginOrder.indexOf(entry.name);
  // Unknown-to-kube plugins sit just before the webhook tail, in registration order.
  return i >= 0 ? [i < customPluginSlot ? i : i + 1, 0] : [customPluginSlot, entry.seq];
}

function names(list: string[] | undefined): string[] {
  return (list ?? []).map((n) => n.trim()).filter((n) => n !== '');
}

function configFor(configs: BuildOptions['configs'], name: string): unknown {
  if (!configs) return undefined;
  if (configs instanceof Map) return configs.get(name);
  return Object.prototype.hasOwnProperty.call(configs, name) ? (configs as Record<string, unknown>)[name] : undefined;
}

export class AdmissionRegistry {
  private readonly entries = new Map<string, Entry>();

  /** Register a named factory; a name can be registered once. */
  register(name: string, factory: PluginFactory, opts: RegisterOptions = {}): this {
    if (this.entries.has(name)) throw new Error(`admission plugin "${name}" was registered twice`);
    const defaultEnabled = opts.defaultEnabled ?? kubeDefaultOnPlugins.has(name);
    this.entries.set(name, { name, factory, defaultEnabled, seq: this.entries.size });
    return this;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Every registered name, in execution order. */
  registered(): string[] {
    return this.ordered().map((e) => e.name);
  }

  /** The names on by default, in execution order. */
  defaultEnabled(): string[] {
    return this.ordered()
      .filter((e) => e.defaultEnabled)
      .map((e) => e.name);
  }

  /**
   * The names `build` would enable, in execution order. Throws AdmissionConfigError for names
   * nobody registered and for names both enabled and disabled (kube's flag validation).
   */
  enabledNames(opts: Pick<BuildOptions, 'enable' | 'disable'> = {}): string[] {
    const enable = names(opts.enable);
    const disable = names(opts.disable);
    const problems: string[] = [];
    for (const n of enable) if (!this.entries.has(n)) problems.push(`enable-admission-plugins plugin "${n}" is unknown`);
    for (const n of disable) if (!this.entries.has(n)) problems.push(`disable-admission-plugins plugin "${n}" is unknown`);
    const both = [...new Set(enable.filter((n) => disable.includes(n)))].sort();
    if (both.length > 0) problems.push(`[${both.join(' ')}] in enable-admission-plugins and disable-admission-plugins overlapped`);
    if (problems.length > 0) throw new AdmissionConfigError(problems);
    const on = new Set(enable);
    const off = new Set(disable);
    return this.ordered()
      .filter((e) => on.has(e.name) || (e.defaultEnabled && !off.has(e.name)))
      .map((e) => e.name);
  }

  /** Instantiate the enabled plugins and split them into the two phases, in execution order. */
  build(opts: BuildOptions = {}): AdmissionChain {
    const enabled = this.enabledNames(opts);
    const context = opts.context ?? noContext;
    const chain: AdmissionChain = { mutating: [], validating: [], names: enabled };
    for (const name of enabled) {
      const entry = this.entries.get(name)!;
      let pair;
      try {
        pair = splitPlugin(entry.factory(configFor(opts.configs, name), context));
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        throw new AdmissionConfigError([`admission plugin "${name}": ${text}`]);
      }
      if (pair.mutating) chain.mutating.push(pair.mutating);
      if (pair.validating) chain.validating.push(pair.validating);
    }
    return chain;
  }

  private ordered(): Entry[] {
    return [...this.entries.values()].sort((a, b) => {
      const [ra, sa] = rank(a);
      const [rb, sb] = rank(b);
      return ra - rb || sa - sb;
    });
  }
}
