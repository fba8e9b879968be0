/**
 * Patch logic of the API handler, as pure functions (no HTTP, no storage): RFC 6902 JSON patch,
 * RFC 7386 merge patch, strategic merge patch, server-side apply, and the
 * metadata.managedFields tracking every write does. Every failure is the StatusError
 * kube-apiserver would answer with.
 *
 * @example
 * import { applyPatch, applyJsonPatch, parseApplyBody, updateManagedFields } from './patch/index.js';
 * const patched = applyJsonPatch(live, [{ op: 'add', path: '/metadata/labels/x', value: 'y' }]);
 * const stored = updateManagedFields({ live, updated: patched, manager: 'kubectl-patch', apiVersion: 'v1', now: new Date() });
 * const applied = applyPatch({ live, applied: parseApplyBody(yamlText), manager: 'kubectl', force: false,
 *   apiVersion: 'v1', now: new Date(), mergeKeys: {} });
 */
export { applyJsonPatch, maxJsonPatchOperations, type JsonPatchOptions } from './json-patch.js';
export { applyMergePatch, mergeJson, type MergePatchOptions } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge.js';
export { objectMetaMergeKeys, objectMetaSetLists } from './patch-meta.js';
export { applyPatch, conflictError, type ApplyOptions, type Conflict } from './apply.js';
export { defaultFieldManager, fieldManagerFor, fieldManagerMaxLength, parseApplyBody } from './apply-body.js';
export { lastAppliedAnnotation } from './last-applied.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  maxUpdateManagers,
  updateManagedFields,
  type UpdateManagedFieldsOptions,
} from './managed-fields.js';
export { FieldSet, pathString } from './fieldpath.js';
