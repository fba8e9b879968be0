/**
 * The field tracker the registry runs on every non-apply write: server-side apply's
 * managedFields, with the operation "Update" for the request's field manager.
 */
import type { ApiObject } from '@apiserver-kit/core';
import { updateManagedFields } from './patch/index.js';
import type { WriteContext } from './registry/context.js';

export function fieldTracker(live: ApiObject | null, updated: ApiObject, ctx: WriteContext): ApiObject {
  return updateManagedFields({
    live,
    updated,
    manager: ctx.fieldManager,
    apiVersion: updated.apiVersion,
    now: ctx.now,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
  });
}
