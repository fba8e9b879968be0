/**
 * ResourceStore: the generic registry of one resource on top of a Storage — kube's
 * genericregistry.Store. It owns the semantics every resource shares: metadata chores,
 * validation, admission, optimistic concurrency, status split, finalizers and dry-run.
 */
import {
  type ApiList,
  type ApiObject,
  type GroupResource,
  type ListOptions,
  type Predicate,
  type Preconditions,
  type ResourceDefinition,
  type Storage,
  type Watcher,
  type WatchOptions,
  type AdmissionOperation,
  StorageError,
  defaultFieldsOf,
  deepCopy,
  errors,
  formatApiVersion,
  listKindOf,
} from '@apiserver-kit/core';
import type { Admission, WriteContext } from './context.js';
import { checkDeletePreconditions, interpretStorageError, storageCall } from './errors.js';
import { listPrefix, objectKey } from './keys.js';
import { fillCreateMeta, fillUpdateMeta, generateName, rfc3339 } from './meta.js';
import { checkSchema, validateCreate, validateUpdate } from './validate.js';

/** Per-resource behaviour the generic store cannot know (namespaces' spec.finalizers, say). */
export interface StoreHooks {
  /** Everything that holds deletion back; metadata.finalizers by default. */
  pendingFinalizers?(obj: ApiObject): string[];
  /** Called on the object when a graceful deletion starts (e.g. phase Terminating). */
  onDeletionStart?(obj: ApiObject): void;
  /** Tracks field ownership of a non-apply write (server-side apply's managedFields). */
  trackFields?(live: ApiObject | null, updated: ApiObject, ctx: WriteContext): ApiObject;
}

export interface UpdateRequest {
  /** Produces the desired object from the current one (null when absent and create is allowed). */
  transform(current: ApiObject | null): Promise<ApiObject>;
  /** Create when missing (server-side apply). */
  allowCreate?: boolean;
  /** The transform already set managedFields (apply). */
  fieldsTracked?: boolean;
  preconditions?: Preconditions;
}

export interface DeleteRequest {
  preconditions?: Preconditions;
}

export class ResourceStore {
  readonly gr: GroupResource;

  constructor(
    readonly def: ResourceDefinition,
    private readonly storage: Storage,
    private readonly admission: Admission = {},
    private readonly hooks: StoreHooks = {},
  ) {
    this.gr = { group: def.group, resource: def.plural };
  }

  get storageVersion(): string {
    return this.def.versions[0]!;
  }

  key(namespace: string, name: string): string {
    return objectKey(this.def, namespace, name);
  }

  fieldsOf = (obj: ApiObject): Record<string, string> => {
    const base = defaultFieldsOf(obj);
    if (!this.def.namespaced) delete base['metadata.namespace'];
    return { ...base, ...(this.def.strategy?.selectableFields?.(obj) ?? {}) };
  };

  async get(namespace: string, name: string, resourceVersion?: string): Promise<ApiObject> {
    return storageCall(this.gr, name, () =>
      this.storage.get(this.key(namespace, name), resourceVersion === undefined ? {} : { resourceVersion }),
    );
  }

  async list(namespace: string, opts: ListOptions): Promise<ApiList> {
    const result = await storageCall(this.gr, '', () => this.storage.list(listPrefix(this.def, namespace), opts));
    const metadata: ApiList['metadata'] = { resourceVersion: result.resourceVersion };
    if (result.continue) metadata.continue = result.continue;
    if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
    return {
      apiVersion: formatApiVersion({ group: this.def.group, version: this.storageVersion }),
      kind: listKindOf(this.def),
      metadata,
      items: result.items,
    };
  }

  async count(namespace = ''): Promise<number> {
    return storageCall(this.gr, '', () => this.storage.count(listPrefix(this.def, namespace)));
  }

  async watch(namespace: string, name: string, opts: WatchOptions): Promise<Watcher> {
    const key = name ? this.key(namespace, name) : listPrefix(this.def, namespace);
    return storageCall(this.gr, name, () => this.storage.watch(key, { ...opts, recursive: !name }));
  }

  private async admit(op: AdmissionOperation, obj: ApiObject | undefined, old: ApiObject | undefined, ctx: WriteContext, phase: 'mutate' | 'validate') {
    const plugin = phase === 'mutate' ? this.admission.mutating : this.admission.validating;
    if (!plugin || (plugin.handles && !plugin.handles(op))) return;
    const source = obj ?? old!;
    const attrs = {
      operation: op,
      kind: { group: this.def.group, version: ctx.version, kind: this.def.kind },
      resource: { group: this.def.group, version: ctx.version, resource: this.def.plural },
      subresource: ctx.subresource,
      name: source.metadata.name ?? '',
      namespace: source.metadata.namespace ?? '',
      ...(obj ? { object: obj } : {}),
      ...(old ? { oldObject: old } : {}),
      ...(ctx.options ? { options: ctx.options } : {}),
      dryRun: ctx.dryRun,
      user: ctx.user,
      warnings: ctx.warnings,
    };
    if (phase === 'mutate') await this.admission.mutating!.admit(attrs);
    else await this.admission.validating!.validate(attrs);
  }

  /** Everything a create does before the storage write. */
  private async prepareCreate(namespace: string, obj: ApiObject, ctx: WriteContext, fieldsTracked = false): Promise<ApiObject> {
    const def = this.def;
    if (def.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (namespace) obj.metadata.namespace = namespace;
    } else delete obj.metadata.namespace;
    const { warnings, fieldErrors } = checkSchema(def, ctx.version, obj, ctx.fieldValidation);
    ctx.warnings.push(...warnings);
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
    if (def.subresources?.status) delete obj.status;
    def.strategy?.defaults?.(obj);
    // Apply set managedFields itself (operation Apply); tracking it again would record an Update.
    if (!fieldsTracked && this.hooks.trackFields) obj = this.hooks.trackFields(null, obj, ctx);
    await this.admit('CREATE', obj, undefined, ctx, 'mutate');
    def.strategy?.prepareForCreate?.(obj);
    fillCreateMeta(obj, ctx.now, def.strategy?.tracksGeneration ?? false);
    validateCreate(def, obj, fieldErrors);
    await this.admit('CREATE', obj, undefined, ctx, 'validate');
    obj.apiVersion = formatApiVersion({ group: def.group, version: this.storageVersion });
    obj.kind = def.kind;
    return obj;
  }

  async create(namespace: string, body: ApiObject, ctx: WriteContext): Promise<ApiObject> {
    const obj = await this.prepareCreate(namespace, deepCopy(body), ctx);
    const name = obj.metadata.name ?? '';
    if (ctx.dryRun) {
      try {
        await this.storage.get(this.key(obj.metadata.namespace ?? '', name));
      } catch {
        return obj;
      }
      throw errors.alreadyExists(this.gr, name);
    }
    return storageCall(this.gr, name, () => this.storage.create(this.key(obj.metadata.namespace ?? '', name), obj));
  }

  /** Everything an update does to the desired object before the storage write. */
  private async prepareUpdate(obj: ApiObject, current: ApiObject, req: UpdateRequest, ctx: WriteContext): Promise<ApiObject> {
    const def = this.def;
    const name = current.metadata.name ?? '';
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw errors.conflict(this.gr, name, errors.optimisticLockErrorMsg);
    // An unconditional update writes over whatever is stored.
    obj.metadata.resourceVersion = current.metadata.resourceVersion!;
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (def.namespaced && obj.metadata.namespace && obj.metadata.namespace !== current.metadata.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.name = name;
    if (def.namespaced) obj.metadata.namespace = current.metadata.namespace!;
    const { warnings, fieldErrors } = checkSchema(def, ctx.version, obj, ctx.fieldValidation);
    ctx.warnings.push(...warnings);
    if (ctx.subresource === 'status') {
      const next = deepCopy(current);
      next.status = obj.status;
      if (next.status === undefined) delete next.status;
      next.metadata.managedFields = obj.metadata.managedFields ?? current.metadata.managedFields;
      obj = next;
    } else if (def.subresources?.status) {
      if (current.status === undefined) delete obj.status;
      else obj.status = deepCopy(current.status);
    }
    def.strategy?.defaults?.(obj);
    if (!req.fieldsTracked && this.hooks.trackFields) obj = this.hooks.trackFields(current, obj, ctx);
    await this.admit('UPDATE', obj, current, ctx, 'mutate');
    // The finalize subresource exists to change what prepareForUpdate protects (spec.finalizers).
    if (ctx.subresource !== 'finalize') def.strategy?.prepareForUpdate?.(obj, current);
    fillUpdateMeta(obj, current, def.strategy?.tracksGeneration ?? false);
    obj.apiVersion = current.apiVersion;
    obj.kind = current.kind;
    validateUpdate(def, obj, current, fieldErrors);
    await this.admit('UPDATE', obj, current, ctx, 'validate');
    return obj;
  }

  /**
   * Update (PUT, PATCH, apply): the CAS loop recomputes the desired object from the current one.
   * Returns the stored object and whether it was created.
   */
  async update(namespace: string, name: string, req: UpdateRequest, ctx: WriteContext): Promise<{ object: ApiObject; created: boolean }> {
    const key = this.key(namespace, name);
    let created = false;
    const tryUpdate = async (current: ApiObject | null): Promise<ApiObject> => {
      if (!current) {
        if (!req.allowCreate) throw errors.notFound(this.gr, name);
        created = true;
        const obj = await req.transform(null);
        obj.metadata.name ??= name;
        if (obj.metadata.name !== name) {
          throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
        }
        return this.prepareCreate(namespace, obj, ctx, req.fieldsTracked ?? false);
      }
      created = false;
      const desired = await req.transform(deepCopy(current));
      return this.prepareUpdate(desired, current, req, ctx);
    };
    if (ctx.dryRun) {
      let current: ApiObject | null = null;
      try {
        current = await this.storage.get(key);
      } catch (err) {
        if (!req.allowCreate) throw interpretStorageError(err, this.gr, name);
      }
      const object = await tryUpdate(current);
      if (current) object.metadata.resourceVersion = current.metadata.resourceVersion!;
      return { object, created };
    }
    const object = await storageCall(this.gr, name, () =>
      this.storage.guaranteedUpdate(key, {
        ...(req.preconditions ? { preconditions: req.preconditions } : {}),
        ignoreNotFound: req.allowCreate ?? false,
        tryUpdate,
      }),
    );
    if (object.metadata.deletionTimestamp && this.finalizersOf(object).length === 0) {
      return { object: await this.finishDeletion(key, object), created };
    }
    return { object, created };
  }

  private finalizersOf(obj: ApiObject): string[] {
    return this.hooks.pendingFinalizers ? this.hooks.pendingFinalizers(obj) : (obj.metadata.finalizers ?? []);
  }

  private async finishDeletion(key: string, obj: ApiObject): Promise<ApiObject> {
    const name = obj.metadata.name ?? '';
    try {
      return await this.storage.delete(key, { preconditions: { uid: obj.metadata.uid!, resourceVersion: obj.metadata.resourceVersion! } });
    } catch (err) {
      // Someone changed it again in between; their write decides what happens next.
      if (err instanceof StorageError && (err.code === 'Conflict' || err.code === 'KeyNotFound')) return obj;
      throw interpretStorageError(err, this.gr, name);
    }
  }

  /**
   * Delete: immediate when nothing holds the object back, otherwise graceful — deletionTimestamp
   * is set and the object stays until its finalizers are cleared. `deleted` tells which.
   */
  async delete(namespace: string, name: string, req: DeleteRequest, ctx: WriteContext): Promise<{ object: ApiObject; deleted: boolean }> {
    const key = this.key(namespace, name);
    const current = await this.get(namespace, name);
    checkDeletePreconditions(this.def.group, this.def.kind, req.preconditions, current);
    await this.admit('DELETE', undefined, current, ctx, 'mutate');
    await this.admit('DELETE', undefined, current, ctx, 'validate');
    if (this.finalizersOf(current).length > 0) {
      const mark = async (cur: ApiObject | null): Promise<ApiObject> => {
        if (!cur) throw errors.notFound(this.gr, name);
        if (cur.metadata.deletionTimestamp) return cur;
        const next = deepCopy(cur);
        next.metadata.deletionTimestamp = rfc3339(ctx.now);
        next.metadata.deletionGracePeriodSeconds = 0;
        if (this.def.strategy?.tracksGeneration) next.metadata.generation = (cur.metadata.generation ?? 1) + 1;
        this.hooks.onDeletionStart?.(next);
        return next;
      };
      if (ctx.dryRun) return { object: await mark(current), deleted: false };
      const object = await storageCall(this.gr, name, () =>
        this.storage.guaranteedUpdate(key, { ...(req.preconditions ? { preconditions: req.preconditions } : {}), tryUpdate: mark }),
      );
      return { object, deleted: false };
    }
    if (ctx.dryRun) return { object: current, deleted: true };
    const object = await storageCall(this.gr, name, () =>
      this.storage.delete(key, req.preconditions ? { preconditions: req.preconditions } : {}),
    );
    return { object, deleted: true };
  }

  /** Delete every object a list selects; returns what was deleted or marked. */
  async deleteCollection(namespace: string, opts: { predicate?: Predicate }, ctx: WriteContext): Promise<ApiList> {
    const list = await this.list(namespace, opts.predicate ? { predicate: opts.predicate } : {});
    const items: ApiObject[] = [];
    for (const item of list.items) {
      try {
        const { object } = await this.delete(item.metadata.namespace ?? '', item.metadata.name ?? '', {}, ctx);
        items.push(object);
      } catch (err) {
        if (!(err instanceof Error && 'code' in err && err.code === 'NotFound')) throw err;
      }
    }
    return { ...list, items };
  }
}
