/**
 * Parsed label and field selectors. Parsers live in labels.ts and fields.ts.
 */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** True when the selector selects everything. */
  empty(): boolean;
  matches(labels: Readonly<Record<string, string>> | null | undefined): boolean;
  /** The canonical string form, as kube-apiserver prints it. */
  toString(): string;
}

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  field: string;
  operator: FieldOperator;
  value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  empty(): boolean;
  matches(fields: Readonly<Record<string, string>>): boolean;
  toString(): string;
}
