/**
 * The table kube's printers give policies and bindings, so `kubectl get` prints
 * `NAME  VALIDATIONS  PARAMKIND  AGE` and `NAME  POLICYNAME  PARAMREF  AGE`. An unset
 * paramKind or paramRef prints `<unset>`; a paramRef by name prints `namespace/name`
 * (a star for the namespace when none is given); by selector, the selector as Go prints the struct.
 *
 * @example
 * policyColumns[1].value(policy, new Date()); // "v1/ConfigMap"
 */
import type { ApiObject, PrinterColumn } from '@apiserver-kit/core';

const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const int = Math.trunc;

/** Go's duration.HumanDuration, as `kubectl get` prints ages: "45s", "3m10s", "5h2m", "2d1h", "8y". */
export function humanDuration(ms: number): string {
  const seconds = int(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = int(ms / MINUTE);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = int(ms / HOUR);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${int(hours / 24)}d` : `${int(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${int(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = int(hours / 24) % 365;
    return days === 0 ? `${int(hours / 24 / 365)}y` : `${int(hours / 24 / 365)}y${days}d`;
  }
  return `${int(hours / 24 / 365)}y`;
}

const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'string',
  description: creationTimestampDescription,
  value: (obj: ApiObject, now: Date) => {
    const t = obj.metadata.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : NaN;
    return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
  },
};

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The generated Go String() of a *metav1.LabelSelector (gogo protobuf). */
export function goLabelSelectorString(sel: Record<string, unknown>): string {
  const labels = record(sel.matchLabels);
  const keys = Object.keys(labels).sort();
  const ml = `map[string]string{${keys.map((k) => `${k}: ${str(labels[k])},`).join('')}}`;
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  const me = `[]LabelSelectorRequirement{${exprs
    .map((e) => {
      const r = record(e);
      const values = Array.isArray(r.values) ? r.values.map(str).join(' ') : '';
      return `LabelSelectorRequirement{Key:${str(r.key)},Operator:${str(r.operator)},Values:[${values}],},`;
    })
    .join('')}}`;
  return `&LabelSelector{MatchLabels:${ml},MatchExpressions:${me},}`;
}

export const policyColumns: PrinterColumn[] = [
  {
    name: 'Validations',
    type: 'integer',
    description: 'Validations indicates the number of validation rules defined in this configuration',
    value: (o) => {
      const v = record(o.spec).validations;
      return Array.isArray(v) ? v.length : 0;
    },
  },
  {
    name: 'ParamKind',
    type: 'string',
    description: 'ParamKind specifies the kind of resources used to parameterize this policy',
    value: (o) => {
      const pk = record(o.spec).paramKind;
      return pk && typeof pk === 'object' ? `${str(record(pk).apiVersion)}/${str(record(pk).kind)}` : '<unset>';
    },
  },
  ageColumn,
];

export const bindingColumns: PrinterColumn[] = [
  {
    name: 'PolicyName',
    type: 'string',
    description: 'PolicyName indicates the policy definition which the policy binding binded to',
    value: (o) => str(record(o.spec).policyName),
  },
  {
    name: 'ParamRef',
    type: 'string',
    description: 'ParamRef indicates the param resource which sets the configration param',
    value: (o) => {
      const raw = record(o.spec).paramRef;
      if (!raw || typeof raw !== 'object') return '<unset>';
      const pr = record(raw);
      if (str(pr.name)) return str(pr.namespace) ? `${str(pr.namespace)}/${str(pr.name)}` : `*/${str(pr.name)}`;
      if (pr.selector && typeof pr.selector === 'object') return goLabelSelectorString(record(pr.selector));
      return '<unset>';
    },
  },
  ageColumn,
];
