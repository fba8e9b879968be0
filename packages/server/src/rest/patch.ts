/**
 * PATCH: pick the patch type from Content-Type and turn the body into the transform the
 * store's update loop runs against the current object.
 */
import {
  type ApiObject,
  type ApiRequest,
  errors,
  fieldForbidden,
  fieldRequired,
  header,
} from '@apiserver-kit/core';
import { contentTypeEssence, isPlainObject, parseDocument } from '../http/index.js';
import {
  applyJsonPatch,
  applyMergePatch,
  applyPatch,
  applyStrategicMergePatch,
  parseApplyBody,
} from '../patch/index.js';
import type { WriteContext } from '../registry/context.js';
import type { ResourceStore, UpdateRequest } from '../registry/store.js';
import { checkTypeMeta } from '../registry/validate.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const patchTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Patch types a resource accepts: strategic merge only for resources with patch metadata (built-ins). */
export function acceptedPatchTypes(builtin: boolean): string[] {
  return Object.keys(patchTypes).filter((t) => builtin || patchTypes[t] !== 'strategic');
}

export function patchTypeOf(req: ApiRequest, builtin: boolean): PatchType {
  const essence = contentTypeEssence(header(req, 'content-type'));
  const type = patchTypes[essence];
  if (!type || (type === 'strategic' && !builtin)) {
    throw errors.unsupportedMediaType(essence, acceptedPatchTypes(builtin));
  }
  return type;
}

/** Fields server-side apply does not track: status on a main resource with a status subresource. */
function ignoredFields(store: ResourceStore, ctx: WriteContext): string[] {
  if (ctx.subresource === 'status') return [];
  return store.def.subresources?.status ? ['status'] : [];
}

/** The UpdateRequest for one PATCH. */
export function patchRequest(
  store: ResourceStore,
  name: string,
  type: PatchType,
  text: string,
  ctx: WriteContext,
  force: boolean,
  builtin: boolean,
): UpdateRequest {
  const def = store.def;
  const version = ctx.version;
  if (type !== 'apply' && force) {
    throw errors.invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      fieldForbidden('force', 'may not be specified for non-apply patch'),
    ]);
  }
  if (type === 'apply') {
    if (!ctx.fieldManager) {
      throw errors.invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
        fieldRequired('fieldManager', 'is required for apply patch'),
      ]);
    }
    const applied = checkTypeMeta(def, version, parseApplyBody(text), builtin);
    return {
      allowCreate: true,
      fieldsTracked: true,
      transform: async (live) =>
        applyPatch({
          live,
          applied,
          manager: ctx.fieldManager,
          force,
          apiVersion: applied.apiVersion,
          now: ctx.now,
          mergeKeys: def.mergeKeys ?? {},
          kind: def.kind,
          name,
          ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
          ignoredFields: ignoredFields(store, ctx),
        }),
    };
  }
  const patch = parseDocument(text, 'json');
  const opts = { fieldValidation: ctx.fieldValidation };
  const apply = (current: ApiObject): ApiObject => {
    if (type === 'json') return applyJsonPatch(current, patch, opts);
    if (type === 'merge') return applyMergePatch(current, patch, opts);
    if (!isPlainObject(patch)) throw errors.badRequest('Invalid JSON Patch');
    return applyStrategicMergePatch(current, patch, def.mergeKeys ?? {});
  };
  return {
    transform: async (current) => {
      if (!current) throw errors.notFound(store.gr, '');
      return checkTypeMeta(def, version, apply(current), builtin);
    },
  };
}
