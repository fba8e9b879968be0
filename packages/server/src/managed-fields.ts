/**
 * The field tracker the registry runs on every non-apply write: server-side apply's
 * managedFields, with the operation "Update" for the request's field manager.
 */
import type { ApiObject, ResourceDefinition } from '@apiserver-kit/core';
import { updateManagedFields } from './patch/index.js';
import type { WriteContext } from './registry/context.js';

/** A StoreHooks.trackFields for one resource. */
export function fieldTracker(def: ResourceDefinition) {
  // Status of a resource with a status subresource belongs to the /status writers only.
  const mainIgnored = def.subresources?.status ? ['status'] : [];
  return (live: ApiObject | null, updated: ApiObject, ctx: WriteContext): ApiObject =>
    updateManagedFields({
      live,
      updated,
      manager: ctx.fieldManager,
      apiVersion: updated.apiVersion,
      now: ctx.now,
      mergeKeys: def.mergeKeys ?? {},
      ignoredFields: ctx.subresource === 'status' ? [] : mainIgnored,
      ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
    });
}
