/**
 * kube's NamespaceLifecycle admission plugin (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle):
 *
 * - content may only be created in a namespace that exists (else 404 `namespaces "x" not found`)
 *   and is not terminating (else 403 `<resource> "<name>" is forbidden: unable to create new
 *   content in namespace x because it is being terminated`, with a `NamespaceTerminating` cause
 *   controllers look for); updates need the namespace to exist;
 * - `default`, `kube-system` and `kube-public` may not be deleted (403 `namespaces "default" is
 *   forbidden: this namespace may not be deleted`);
 * - cluster-scoped resources, namespaces themselves, deletes of content and
 *   localsubjectaccessreviews (which would leak which namespaces exist) pass.
 *
 * Deleting a namespace (phase Terminating, emptying it, removing it) is the namespace
 * controller's work, which the server runs; this plugin only guards the edges.
 *
 * @example
 * const nl = namespaceLifecycle(objectLookupFromRegistry(() => server.registry));
 * createApiServer({ storage, admission: { validating: [nl] } });
 */
import { type AdmissionAttributes, type ApiObject, type ValidatingPlugin, errors } from '@apiserver-kit/core';
import type { ObjectLookup } from '../registry.js';
import { admissionForbidden } from './forbidden.js';

export const namespaceLifecyclePluginName = 'NamespaceLifecycle';

/** The namespaces kube never lets anyone delete. */
export const immortalNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public'];

export interface NamespaceLifecycleOptions {
  /** Namespaces that may not be deleted; kube's three by default. */
  immortalNamespaces?: readonly string[];
}

const namespacesResource = { group: '', resource: 'namespaces' };

const accessReviewResources = new Set(['authorization.k8s.io/localsubjectaccessreviews']);

function isNamespace(a: AdmissionAttributes): boolean {
  return a.kind.group === '' && a.kind.kind === 'Namespace';
}

function isTerminating(ns: ApiObject): boolean {
  return !!ns.metadata.deletionTimestamp || (ns.status as { phase?: unknown } | undefined)?.phase === 'Terminating';
}

function terminatingError(a: AdmissionAttributes) {
  const err = admissionForbidden(a, `unable to create new content in namespace ${a.namespace} because it is being terminated`);
  const cause = { reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' };
  err.status.details = { ...err.status.details, causes: [...(err.status.details?.causes ?? []), cause] };
  return err;
}

export function namespaceLifecycle(objects: ObjectLookup, opts: NamespaceLifecycleOptions = {}): ValidatingPlugin {
  const immortal = new Set(opts.immortalNamespaces ?? immortalNamespaces);
  return {
    name: namespaceLifecyclePluginName,
    handles: (op) => op === 'CREATE' || op === 'UPDATE' || op === 'DELETE',
    async validate(a) {
      if (a.operation === 'DELETE' && isNamespace(a) && immortal.has(a.name)) {
        throw errors.forbidden({ group: a.resource.group, resource: a.resource.resource }, a.name, 'this namespace may not be deleted');
      }
      if (isNamespace(a) || !a.namespace || a.operation === 'DELETE') return;
      if (accessReviewResources.has(`${a.resource.group}/${a.resource.resource}`)) return;
      const ns = await objects.get(namespacesResource, '', a.namespace);
      if (!ns) throw errors.notFound(namespacesResource, a.namespace);
      if (a.operation === 'CREATE' && isTerminating(ns)) throw terminatingError(a);
    },
  };
}
