/**
 * kube-apiserver's ABAC policy file (`--authorization-policy-file`): one JSON object per line,
 * `abac.authorization.kubernetes.io/v1beta1` Policy objects or the legacy unversioned (v0)
 * form, blank lines and `#` comment lines skipped. Every line is converted to the v1beta1
 * form as kube converts it to its internal one (pkg/apis/abac v0 and v1beta1 conversions).
 */
import { readFile } from 'node:fs/promises';

export const abacApiVersion = 'abac.authorization.kubernetes.io/v1beta1';
const abacV0ApiVersion = 'abac.authorization.kubernetes.io/v0';
const allAuthenticated = 'system:authenticated';

/** The attributes of one rule (kube's PolicySpec). Absent strings are "". */
export interface AbacPolicySpec {
  /** The user name; `*` means every authenticated user. */
  user?: string;
  /** A group of the user; `*` means every authenticated user. */
  group?: string;
  /** Only get, list and watch. */
  readonly?: boolean;
  /** `*` or one API group ("" is the core group). */
  apiGroup?: string;
  /** `*` or one resource (its subresources included). */
  resource?: string;
  /** `*` (including cluster-scoped requests) or one namespace. */
  namespace?: string;
  /** `*`, an exact path, or a prefix ending in `*`. */
  nonResourcePath?: string;
}

/** One line of a policy file in its v1beta1 form. */
export interface AbacPolicy {
  apiVersion: typeof abacApiVersion;
  kind: 'Policy';
  spec: AbacPolicySpec;
}

/** A policy file line kube would refuse; the message names the file and the line. */
export class AbacPolicyError extends Error {
  override readonly name = 'AbacPolicyError';
  constructor(
    readonly fileName: string,
    /** 1-based line number. */
    readonly line: number,
    readonly text: string,
    readonly detail: string,
  ) {
    super(`error reading policy file ${fileName}, line ${line}: ${text}: ${detail}`);
  }
}

type Obj = Record<string, unknown>;

class LineError extends Error {}

function str(o: Obj, field: string, path: string): string {
  const v = o[field];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new LineError(`${path}${field} must be a string`);
  return v;
}

function bool(o: Obj, field: string, path: string): boolean {
  const v = o[field];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new LineError(`${path}${field} must be a boolean`);
  return v;
}

function compact(spec: Required<AbacPolicySpec>): AbacPolicySpec {
  const out: AbacPolicySpec = {};
  for (const [k, v] of Object.entries(spec) as Array<[keyof AbacPolicySpec, string | boolean]>) {
    if (v !== '' && v !== false) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** v1beta1: a `*` user or group means every authenticated user. Idempotent. */
export function normalizeAbacSpec(spec: AbacPolicySpec): Required<AbacPolicySpec> {
  const out: Required<AbacPolicySpec> = {
    user: spec.user ?? '',
    group: spec.group ?? '',
    readonly: spec.readonly ?? false,
    apiGroup: spec.apiGroup ?? '',
    resource: spec.resource ?? '',
    namespace: spec.namespace ?? '',
    nonResourcePath: spec.nonResourcePath ?? '',
  };
  if (out.user === '*' || out.group === '*') {
    out.user = '';
    out.group = allAuthenticated;
  }
  return out;
}

/** The legacy unversioned form (`{"user":"bob","readonly":true,"namespace":"x"}`), as kube converts it. */
function fromV0(o: Obj): AbacPolicySpec {
  const user = str(o, 'user', '');
  const group = str(o, 'group', '');
  const namespace = str(o, 'namespace', '');
  const resource = str(o, 'resource', '');
  const spec: Required<AbacPolicySpec> = {
    user,
    group,
    readonly: bool(o, 'readonly', ''),
    // Every v0 rule covers every API group; empty namespace or resource means all of them,
    // and with both empty the rule covers non-resource paths too.
    apiGroup: '*',
    namespace: namespace || '*',
    resource: resource || '*',
    nonResourcePath: !namespace && !resource ? '*' : '',
  };
  // No user and no group, or a `*` one: every authenticated user.
  if ((!user && !group) || user === '*' || group === '*') {
    spec.user = '';
    spec.group = allAuthenticated;
  }
  return compact(spec);
}

function fromV1beta1(o: Obj): AbacPolicySpec {
  const raw = o.spec ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LineError('spec must be an object');
  const s = raw as Obj;
  return compact(
    normalizeAbacSpec({
      user: str(s, 'user', 'spec.'),
      group: str(s, 'group', 'spec.'),
      readonly: bool(s, 'readonly', 'spec.'),
      apiGroup: str(s, 'apiGroup', 'spec.'),
      resource: str(s, 'resource', 'spec.'),
      namespace: str(s, 'namespace', 'spec.'),
      nonResourcePath: str(s, 'nonResourcePath', 'spec.'),
    }),
  );
}

/** One policy object (either form) in its v1beta1 form; throws a plain Error on a bad one. */
export function abacPolicyFromObject(value: unknown): AbacPolicy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LineError('a policy must be a JSON object');
  const o = value as Obj;
  const apiVersion = str(o, 'apiVersion', '');
  const kind = str(o, 'kind', '');
  let spec: AbacPolicySpec;
  // Like kube: a line without apiVersion or kind is an unversioned (v0) policy.
  if (!apiVersion || !kind) spec = fromV0(o);
  else if (kind === 'Policy' && apiVersion === abacApiVersion) spec = fromV1beta1(o);
  else if (kind === 'Policy' && apiVersion === abacV0ApiVersion) spec = fromV0(o);
  else throw new LineError(`no kind "${kind}" is registered for version "${apiVersion}"`);
  return { apiVersion: abacApiVersion, kind: 'Policy', spec };
}

/** Parse a policy file's text; `fileName` only names it in errors. */
export function parseAbacPolicyFile(text: string, fileName = 'policy'): AbacPolicy[] {
  const policies: AbacPolicy[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new AbacPolicyError(fileName, i + 1, line, (err as Error).message);
    }
    try {
      policies.push(abacPolicyFromObject(value));
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      throw new AbacPolicyError(fileName, i + 1, line, err.message);
    }
  }
  return policies;
}

/** Read and parse a policy file. */
export async function loadAbacPolicyFile(path: string): Promise<AbacPolicy[]> {
  return parseAbacPolicyFile(await readFile(path, 'utf8'), path);
}
