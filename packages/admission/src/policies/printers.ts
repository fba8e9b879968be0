/**
 * The table kube's printers give policies and bindings, so `kubectl get` prints
 * `NAME  VALIDATIONS  PARAMKIND  AGE` and `NAME  POLICYNAME  PARAMREF  AGE`. An unset
 * paramKind or paramRef prints `<unset>`; a paramRef by name prints `namespace/name`
 * (a star for the namespace when none is given); by selector, the selector as Go prints the struct.
 *
 * @example
 * policyColumns[1].value(policy, new Date()); // "v1/ConfigMap"
 */
import { type ApiObject, type PrinterColumn, humanDuration } from '@apiserver-kit/core';

export { humanDuration };

const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';


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
