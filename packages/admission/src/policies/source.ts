/**
 * What the ValidatingAdmissionPolicy plugin reads on every request: the current policies and
 * bindings, the scope of a paramKind, param objects (by name, or by label selector), and
 * namespaces (for namespaceSelector and `namespaceObject`). A server backs this with its stores
 * kept current by watch; `memoryPolicySource` holds everything in memory (tests, embedding).
 * Any method may answer synchronously or with a promise.
 *
 * @example
 * const source = memoryPolicySource({ policies: [policy], bindings: [binding], params: [configMap] });
 * const plugin = validatingAdmissionPolicy({ engine, source });
 */
import type { ApiObject, LabelSelector } from '@apiserver-kit/core';
import type { ParamKind, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from './types.js';

type MaybePromise<T> = T | Promise<T>;

export type ParamScope = 'Namespaced' | 'Cluster';

export interface PolicySource {
  /** The current policies. Return the same objects until they change: compiled forms are cached per object. */
  policies(): MaybePromise<readonly ValidatingAdmissionPolicy[]>;
  bindings(): MaybePromise<readonly ValidatingAdmissionPolicyBinding[]>;
  /** The scope of the resource of a paramKind; undefined when the server does not serve that kind. */
  paramScope(kind: Required<ParamKind>): MaybePromise<ParamScope | undefined>;
  /** One param object (namespace '' for a cluster-scoped kind); undefined when it does not exist. */
  getParam(kind: Required<ParamKind>, namespace: string, name: string): MaybePromise<ApiObject | undefined>;
  /** The param objects of a kind in a namespace ('' for a cluster-scoped kind) the selector matches. */
  listParams(kind: Required<ParamKind>, namespace: string, selector: LabelSelector): MaybePromise<readonly ApiObject[]>;
  /** A namespace object; undefined when it does not exist. */
  getNamespace(name: string): MaybePromise<ApiObject | undefined>;
  /** Whether the initial lists are loaded; until then requests are refused (kube: not yet ready). Ready when absent. */
  ready?(): boolean;
}

export interface MemoryPolicySourceInit {
  policies?: ValidatingAdmissionPolicy[];
  bindings?: ValidatingAdmissionPolicyBinding[];
  /** Param objects of any kind. */
  params?: ApiObject[];
  namespaces?: ApiObject[];
  /** `apiVersion/kind` -> scope of param kinds; ConfigMap (`v1/ConfigMap`) is namespaced by default. */
  paramScopes?: Record<string, ParamScope>;
}

export interface MemoryPolicySource extends PolicySource {
  /** Replace the contents named in `init` (the others stay). */
  set(init: MemoryPolicySourceInit): void;
}

const key = (kind: Required<ParamKind>) => `${kind.apiVersion}/${kind.kind}`;

export function memoryPolicySource(init: MemoryPolicySourceInit = {}): MemoryPolicySource {
  let policies: ValidatingAdmissionPolicy[] = [];
  let bindings: ValidatingAdmissionPolicyBinding[] = [];
  let params: ApiObject[] = [];
  let namespaces = new Map<string, ApiObject>();
  let scopes: Record<string, ParamScope> = { 'v1/ConfigMap': 'Namespaced' };
  const ofKind = (kind: Required<ParamKind>, namespace: string) =>
    params.filter((p) => p.apiVersion === kind.apiVersion && p.kind === kind.kind && (p.metadata.namespace ?? '') === namespace);
  const source: MemoryPolicySource = {
    policies: () => policies,
    bindings: () => bindings,
    paramScope: (kind) => scopes[key(kind)],
    getParam: (kind, namespace, name) => ofKind(kind, namespace).find((p) => p.metadata.name === name),
    listParams: (kind, namespace, selector) => ofKind(kind, namespace).filter((p) => selector.matches(p.metadata.labels)),
    getNamespace: (name) => namespaces.get(name),
    set(next) {
      if (next.policies) policies = [...next.policies];
      if (next.bindings) bindings = [...next.bindings];
      if (next.params) params = [...next.params];
      if (next.namespaces) namespaces = new Map(next.namespaces.map((n) => [n.metadata.name ?? '', n]));
      if (next.paramScopes) scopes = { 'v1/ConfigMap': 'Namespaced', ...next.paramScopes };
    },
  };
  source.set(init);
  return source;
}
