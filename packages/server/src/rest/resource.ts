/**
 * The REST handler of one resource request: dispatches on the resolved verb to the store,
 * parsing the query and body and encoding the answer as kube-apiserver does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ApiRequest,
  errors,
  header,
  isValidPathSegmentName,
  successStatus,
} from '@apiserver-kit/core';
import { defaultFieldManager } from '../patch/index.js';
import type { WriteContext } from '../registry/context.js';
import type { ResourceStore } from '../registry/store.js';
import { type OptionsKind, parseFieldValidation } from '../registry/validate.js';
import { decodeObject, deleteOptions, readDocument } from './decode.js';
import { negotiateRepresentation, renderList, renderObject, send } from './output.js';
import { patchRequest, patchTypeOf } from './patch.js';
import { checkResourceVersion, parseDryRun } from './query.js';
import { parseListQuery } from './query.js';
import { serveWatch } from './watch.js';

export interface ResourceCall {
  req: ApiRequest;
  raw: IncomingMessage;
  res: ServerResponse;
  store: ResourceStore;
  version: string;
  maxBodyBytes: number;
  /** Whether the resource is a built-in type (strategic merge patch is accepted). */
  builtin: boolean;
  /** Return the deleted object rather than a Success Status (namespaces, custom resources). */
  returnDeletedObject: boolean;
}

const notFoundPath = errors.pathNotFound;

const optionsKinds: Record<string, OptionsKind> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  delete: 'DeleteOptions',
  deletecollection: 'DeleteOptions',
};

function writeContext(c: ResourceCall): WriteContext {
  const q = c.req.query;
  const optionsKind = optionsKinds[c.req.info.verb] ?? 'CreateOptions';
  const ua = header(c.req, 'user-agent') ?? '';
  const dryRun = parseDryRun(q, optionsKind);
  const fieldManager = q.get('fieldManager') ?? defaultFieldManager(ua);
  const fieldValidation = parseFieldValidation(q.get('fieldValidation'), optionsKind);
  const ctx: WriteContext = {
    user: c.req.user ?? { name: 'system:anonymous', groups: ['system:unauthenticated'] },
    dryRun,
    fieldManager,
    fieldValidation,
    version: c.version,
    subresource: c.req.info.subresource,
    now: new Date(),
    warnings: [],
  };
  if (optionsKind !== 'DeleteOptions') {
    // What admission sees as `options`; a PATCH is admitted as an update with UpdateOptions.
    const kind = optionsKind === 'PatchOptions' ? 'UpdateOptions' : optionsKind;
    ctx.options = { kind, apiVersion: 'meta.k8s.io/v1', ...(dryRun ? { dryRun: ['All'] } : {}), fieldManager, fieldValidation };
  }
  return ctx;
}

/** Field selectors may only name the fields the resource supports (kube's field label conversion). */
function parseSelectors(c: ResourceCall, watch: boolean) {
  const q = parseListQuery(c.req.query, watch);
  const probe = { apiVersion: '', kind: '', metadata: { name: '', namespace: '' } };
  const supported = new Set(Object.keys(c.store.fieldsOf(probe)));
  for (const r of q.fieldSelector.requirements) {
    if (supported.has(r.field)) continue;
    // Resources with their own field label conversion say so; the rest get the scheme's default.
    if (c.store.def.strategy?.selectableFields) throw errors.badRequest(`field label not supported: ${r.field}`);
    throw errors.badRequest(`${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
  }
  return q;
}

function checkScope(c: ResourceCall): void {
  const { info } = c.req;
  const def = c.store.def;
  // kube routes stop at resource/name/subresource; anything longer is not served.
  if (info.parts.length > 3) throw notFoundPath();
  if (info.name) {
    // The registry's key function refuses names that are not safe path segments.
    const problems = isValidPathSegmentName(info.name);
    if (problems.length > 0) throw errors.badRequest(`Name parameter invalid: ${JSON.stringify(info.name)}: ${problems.join(';')}`);
  }
  const needsName = ['get', 'update', 'patch', 'delete'].includes(info.verb);
  if (needsName && !info.name) throw notFoundPath();
  if (!def.namespaced && info.namespace && info.resource !== 'namespaces') throw notFoundPath();
  if (def.namespaced && !info.namespace && !['list', 'watch'].includes(info.verb)) throw notFoundPath();
  if (info.subresource && !(info.subresource === 'status' && def.subresources?.status)) throw notFoundPath();
  if (info.subresource && !['get', 'update', 'patch'].includes(info.verb)) {
    throw errors.methodNotSupported(c.store.gr, info.verb);
  }
  if (def.verbs && !def.verbs.includes(info.verb as never)) throw errors.methodNotSupported(c.store.gr, info.verb);
}

export async function handleResource(c: ResourceCall): Promise<void> {
  checkScope(c);
  const { req, res, store } = c;
  const { info } = req;
  const ns = store.def.namespaced ? info.namespace : '';
  const rep = negotiateRepresentation(req);
  switch (info.verb) {
    case 'get': {
      const rv = req.query.get('resourceVersion') ?? undefined;
      checkResourceVersion(rv);
      const obj = await store.get(ns, info.name, rv || undefined);
      return send(res, 200, renderObject(store.def, obj, rep), rep);
    }
    case 'list': {
      const q = parseSelectors(c, false);
      checkResourceVersion(q.resourceVersion);
      const list = await store.list(ns, {
        ...(q.resourceVersion !== undefined ? { resourceVersion: q.resourceVersion } : {}),
        // A paged list at resourceVersion N without a match is Exact (kube's legacy semantics).
        ...(q.resourceVersionMatch
          ? { resourceVersionMatch: q.resourceVersionMatch }
          : q.limit && q.resourceVersion && q.resourceVersion !== '0'
            ? { resourceVersionMatch: 'Exact' as const }
            : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.continue ? { continue: q.continue } : {}),
        predicate: { label: q.labelSelector, field: q.fieldSelector, fieldsOf: store.fieldsOf },
      });
      return send(res, 200, renderList(store.def, list, rep), rep);
    }
    case 'watch': {
      const q = parseSelectors(c, true);
      checkResourceVersion(q.resourceVersion);
      return serveWatch(req, res, { store, namespace: ns, name: info.name, query: q, rep });
    }
    case 'create': {
      const ctx = writeContext(c);
      const obj = await decodeObject(c);
      const created = await store.create(ns, obj, ctx);
      return send(res, 201, renderObject(store.def, created, rep), rep, ctx.warnings);
    }
    case 'update': {
      const ctx = writeContext(c);
      const obj = await decodeObject(c);
      const { object, created } = await store.update(ns, info.name, { transform: async () => obj }, ctx);
      return send(res, created ? 201 : 200, renderObject(store.def, object, rep), rep, ctx.warnings);
    }
    case 'patch': {
      const ctx = writeContext(c);
      const type = patchTypeOf(req, c.builtin);
      // PatchOptions are validated before the manager is defaulted from the User-Agent.
      if (type === 'apply' && !req.query.get('fieldManager')) ctx.fieldManager = '';
      const force = req.query.get('force') === 'true';
      const text = await readDocument(c);
      const { object, created } = await store.update(ns, info.name, patchRequest(store, info.name, type, text, ctx, force, c.builtin), ctx);
      return send(res, created ? 201 : 200, renderObject(store.def, object, rep), rep, ctx.warnings);
    }
    case 'delete': {
      const ctx = writeContext(c);
      const opts = await deleteOptions(c);
      ctx.options = { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', ...opts.body };
      const { object, deleted } = await store.delete(ns, info.name, opts.preconditions ? { preconditions: opts.preconditions } : {}, ctx);
      if (!deleted) {
        // kube answers 202 only when the client asked for cascading deletion explicitly.
        const accepted = opts.body.orphanDependents === false || req.query.get('orphanDependents') === 'false';
        return send(res, accepted ? 202 : 200, renderObject(store.def, object, rep), rep, ctx.warnings);
      }
      if (c.returnDeletedObject) return send(res, 200, renderObject(store.def, object, rep), rep, ctx.warnings);
      const details = { name: info.name, kind: store.def.plural, ...(store.def.group ? { group: store.def.group } : {}), uid: object.metadata.uid ?? '' };
      return send(res, 200, successStatus(details), rep, ctx.warnings);
    }
    case 'deletecollection': {
      const ctx = writeContext(c);
      await deleteOptions(c);
      const q = parseSelectors(c, false);
      const list = await store.deleteCollection(ns, { predicate: { label: q.labelSelector, field: q.fieldSelector, fieldsOf: store.fieldsOf } }, ctx);
      return send(res, 200, renderList(store.def, list, rep), rep);
    }
    default:
      throw errors.methodNotSupported(store.gr, info.verb);
  }
}
