/**
 * The set of served resources: one ResourceStore per definition, looked up by group, version
 * and plural, plus the list of definitions discovery and OpenAPI are built from.
 */
import type { CreateSubresource, ResourceDefinition, Storage, VirtualResource } from '@apiserver-kit/core';
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
  private readonly virtuals = new Map<string, VirtualResource>();
  private readonly subresourceHandlers = new Map<string, CreateSubresource>();
  readonly definitions: ResourceDefinition[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly admission: Admission,
  ) {}

  add(def: ResourceDefinition, opts: { builtin?: boolean; hooks?: StoreHooks; returnDeletedObject?: boolean } = {}): ResourceStore {
    def = this.withSubresources(def);
    const store = new ResourceStore(def, this.storage, this.admission, opts.hooks);
    const served: Served = { store, builtin: opts.builtin ?? false, returnDeletedObject: opts.returnDeletedObject ?? !opts.builtin };
    for (const v of def.versions) this.byPath.set(`${def.group}/${v}/${def.plural}`, served);
    this.byGroupResource.set(`${def.group}/${def.plural}`, served);
    this.definitions.push(def);
    return store;
  }

  /** Serve a create-only resource without storage. */
  addVirtual(vr: VirtualResource): void {
    const def = vr.definition;
    for (const v of def.versions) this.virtuals.set(`${def.group}/${v}/${def.plural}`, vr);
    this.definitions.push(def);
  }

  /** Serve a create subresource of a stored resource (add it before the parent's definition). */
  addSubresource(sub: CreateSubresource): void {
    this.subresourceHandlers.set(`${sub.group}/${sub.resource}/${sub.subresource}`, sub);
  }

  /** The parent's definition with its handled subresources listed, for discovery. */
  withSubresources(def: ResourceDefinition): ResourceDefinition {
    const extra = [...this.subresourceHandlers.values()]
      .filter((s) => s.group === def.group && s.resource === def.plural)
      .map((s) => ({ name: s.subresource, ...s.request, verbs: ['create' as const] }));
    if (extra.length === 0) return def;
    return { ...def, subresources: { ...def.subresources, extra: [...(def.subresources?.extra ?? []), ...extra] } };
  }

  virtual(group: string, version: string, resource: string): VirtualResource | undefined {
    return this.virtuals.get(`${group}/${version}/${resource}`);
  }

  subresource(group: string, resource: string, subresource: string): CreateSubresource | undefined {
    return this.subresourceHandlers.get(`${group}/${resource}/${subresource}`);
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
