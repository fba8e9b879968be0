/**
 * Admission: mutating plugins change the object in flight, validating plugins accept or reject
 * it (by throwing a StatusError, normally Forbidden or Invalid). Chains run plugins in order.
 *
 * @example
 * const addTeam: MutatingPlugin = { name: 'AddTeam', async admit(a) {
 *   if (a.object) a.object.metadata.labels = { ...a.object.metadata.labels, team: 'core' };
 * } };
 */
import type { GroupVersionKind, GroupVersionResource } from './gvk.js';
import type { ApiObject } from './objects.js';
import type { UserInfo } from './user.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionAttributes {
  operation: AdmissionOperation;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subresource: string;
  name: string;
  namespace: string;
  /** The incoming object (CREATE, UPDATE); mutating plugins may change it in place. */
  object?: ApiObject;
  /** The stored object (UPDATE, DELETE). */
  oldObject?: ApiObject;
  /** CreateOptions / UpdateOptions / PatchOptions / DeleteOptions. */
  options?: Record<string, unknown>;
  dryRun: boolean;
  user: UserInfo;
  /** Warnings for the client; the server sends each as a `Warning: 299 - "..."` header. */
  warnings?: string[];
}

interface PluginBase {
  readonly name: string;
  /** Whether the plugin cares about this operation; all if absent. */
  handles?(operation: AdmissionOperation): boolean;
}

export interface MutatingPlugin extends PluginBase {
  admit(attrs: AdmissionAttributes): Promise<void>;
}

export interface ValidatingPlugin extends PluginBase {
  validate(attrs: AdmissionAttributes): Promise<void>;
}

const handles = (p: PluginBase, op: AdmissionOperation) => !p.handles || p.handles(op);

/** Run mutating plugins in order. A one-element chain is its element. */
export function mutatingChain(...plugins: MutatingPlugin[]): MutatingPlugin {
  if (plugins.length === 1) return plugins[0]!;
  return {
    name: 'chain',
    async admit(attrs) {
      for (const p of plugins) if (handles(p, attrs.operation)) await p.admit(attrs);
    },
  };
}

/** Run validating plugins in order; the first rejection wins. A one-element chain is its element. */
export function validatingChain(...plugins: ValidatingPlugin[]): ValidatingPlugin {
  if (plugins.length === 1) return plugins[0]!;
  return {
    name: 'chain',
    async validate(attrs) {
      for (const p of plugins) if (handles(p, attrs.operation)) await p.validate(attrs);
    },
  };
}
