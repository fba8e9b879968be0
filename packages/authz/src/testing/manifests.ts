/**
 * `loadRbacManifests`: read a team's real RBAC YAML (multi-document, `kind: List` and
 * `*List` too) into a MemoryRbacSource, checking each object the way the API server would on
 * `kubectl apply`: unknown fields, defaults, then kube's validation. Objects of other kinds
 * (Namespaces, ServiceAccounts, ...) are skipped; namespaced RBAC objects without a namespace
 * land in `defaultNamespace` ("default", as kubectl would put them).
 *
 * @example
 * const source = loadRbacManifests([readFileSync('rbac/roles.yaml', 'utf8'), readFileSync('rbac/bindings.yaml', 'utf8')]);
 * const authz = rbacAuthorizer(source);
 */
import { parseAllDocuments } from 'yaml';
import {
  type ApiObject,
  type ResourceDefinition,
  deepCopy,
  errors,
  formatFieldPath,
  zodFieldErrors,
} from '@apiserver-kit/core';
import { MemoryRbacSource, type RbacObject, isRbacObject } from '../memory-source.js';
import { clusterRoleBindings, clusterRoles, roleBindings, roles } from '../rbac-resources.js';
import { rbacGroup } from '../rbac-types.js';

export interface LoadRbacManifestsOptions {
  /** Where namespaced objects without metadata.namespace go; default "default". */
  defaultNamespace?: string;
  /** Check objects as the API server would (default true); false loads them as they are. */
  validate?: boolean;
}

const definitions: Record<string, ResourceDefinition> = {
  Role: roles,
  ClusterRole: clusterRoles,
  RoleBinding: roleBindings,
  ClusterRoleBinding: clusterRoleBindings,
};

function isList(v: unknown): v is { kind: string; items: unknown[] } {
  if (v === null || typeof v !== 'object') return false;
  const o = v as { kind?: unknown; items?: unknown };
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

function unknownFields(def: ResourceDefinition, obj: ApiObject): string[] {
  const result = def.schema?.safeParse(obj);
  if (!result || result.success) return [];
  return result.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => `unknown field ${JSON.stringify(formatFieldPath([...i.path, k]))}`) : [],
  );
}

/** Default, then validate one object as a create would; throws kube's Invalid (or a strict-decoding message). */
function admit(raw: RbacObject, opts: Required<LoadRbacManifestsOptions>): RbacObject {
  const def = definitions[raw.kind]!;
  const obj = deepCopy(raw) as unknown as ApiObject;
  obj.apiVersion ??= `${rbacGroup}/v1`;
  if (def.namespaced && !obj.metadata.namespace) obj.metadata.namespace = opts.defaultNamespace;
  if (!opts.validate) return obj as unknown as RbacObject;
  const unknown = unknownFields(def, obj);
  if (unknown.length > 0)
    throw errors.badRequest(`${def.kind} in version "v1" cannot be handled as a ${def.kind}: strict decoding error: ${unknown.join(', ')}`);
  def.strategy?.defaults?.(obj);
  const schemaResult = def.schema?.safeParse(obj);
  const errs = [...(def.strategy?.validate?.(obj) ?? []), ...(schemaResult && !schemaResult.success ? zodFieldErrors(schemaResult.error, obj) : [])];
  if (errs.length > 0) throw errors.invalid({ group: def.group, kind: def.kind }, obj.metadata.name ?? '', errs);
  return obj as unknown as RbacObject;
}

function collect(value: unknown, out: unknown[]): void {
  if (isList(value)) for (const item of value.items) collect(item, out);
  else if (value !== null && value !== undefined) out.push(value);
}

/** Parse RBAC manifests into a MemoryRbacSource; errors name the text and document they came from. */
export function loadRbacManifests(texts: string | readonly string[], options: LoadRbacManifestsOptions = {}): MemoryRbacSource {
  const opts: Required<LoadRbacManifestsOptions> = { defaultNamespace: options.defaultNamespace ?? 'default', validate: options.validate ?? true };
  const source = new MemoryRbacSource();
  const all = typeof texts === 'string' ? [texts] : texts;
  all.forEach((text, t) => {
    parseAllDocuments(text).forEach((doc, d) => {
      const where = all.length > 1 ? `manifest ${t + 1}, document ${d + 1}` : `document ${d + 1}`;
      if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0]!.message}`);
      const objects: unknown[] = [];
      collect(doc.toJS(), objects);
      for (const obj of objects) {
        if (!isRbacObject(obj)) continue;
        try {
          source.add(admit(obj, opts));
        } catch (err) {
          throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      }
    });
  });
  return source;
}
