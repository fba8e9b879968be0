/**
 * The set of served resources: one ResourceStore per definition, looked up by group, version
 * and plural, plus the list of definitions discovery and OpenAPI are built from.
 */
import type { ResourceDefinition, Storage } from '@apiserver-kit/core';
import type { Admission } from './context.js';
import { ResourceStore, type StoreHooks } from './store.js';

export interface Served {
  store: ResourceStore;
  builtin: boolean;
  returnDeletedObject: boolean;
}

export class ResourceRegistry {
  private readonly byPath = new Map<string, Served>();
  private readonly byGroupResource = new Map<string, Served>();
  readonly definitions: ResourceDefinition[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly admission: Admission,
  ) {}

  add(def: ResourceDefinition, opts: { builtin?: boolean; hooks?: StoreHooks; returnDeletedObject?: boolean } = {}): ResourceStore {
    const store = new ResourceStore(def, this.storage, this.admission, opts.hooks);
    const served: Served = { store, builtin: opts.builtin ?? false, returnDeletedObject: opts.returnDeletedObject ?? !opts.builtin };
    for (const v of def.versions) this.byPath.set(`${def.group}/${v}/${def.plural}`, served);
    this.byGroupResource.set(`${def.group}/${def.plural}`, served);
    this.definitions.push(def);
    return store;
  }

  lookup(group: string, version: string, resource: string): Served | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  store(group: string, resource: string): ResourceStore | undefined {
    return this.byGroupResource.get(`${group}/${resource}`)?.store;
  }

  stores(): ResourceStore[] {
    return [...this.byGroupResource.values()].map((s) => s.store);
  }

  /** Whether group/version is served at all (for 404 vs. resource lookups). */
  servesVersion(group: string, version: string): boolean {
    return this.definitions.some((d) => d.group === group && d.versions.includes(version));
  }
}
