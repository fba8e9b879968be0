/**
 * The descriptor-table vocabulary: a message is a list of fields, each with its protobuf field
 * number (from the kube `generated.proto` files), its Kubernetes JSON name, its kind, and how
 * Go's encoding/json treats it, so the decoder can reproduce the JSON form:
 *
 * - default: `omitempty` on a value type: emitted only when non-zero (non-empty list or map);
 * - `ptr`: a Go pointer (`*bool`, `*int64`, `*Struct`...): emitted whenever it was on the wire,
 *   even when zero (`immutable: false`);
 * - `always`: no `omitempty`, or a struct (Go never omits structs): emitted even when absent,
 *   as its zero value (`""`, `0`, `false`, `{}`).
 *
 * Fields are listed in Go struct order, which is the order the JSON keys come out in.
 *
 * @example
 * const EventSource = message('EventSource', [field(1, 'component', 'string'), field(2, 'host', 'string')]);
 */

export type ScalarKind = 'string' | 'bytes' | 'bool' | 'int32' | 'int64';

/**
 * `time`/`microTime`: meta/v1 Time and MicroTime (Timestamp: seconds=1, nanos=2), as RFC 3339
 * text; `fieldsV1`: meta/v1 FieldsV1 (Raw=1, JSON text), as the parsed JSON; `stringList`: a
 * message whose field 1 is a repeated string (authentication/v1 ExtraValue), as an array;
 * `quantity`: api/resource Quantity (string=1), as its text (`"2"`, `"500m"`).
 */
export type FieldKind = ScalarKind | 'time' | 'microTime' | 'fieldsV1' | 'stringList' | 'quantity' | 'message';

export interface FieldOptions {
  ptr?: boolean;
  always?: boolean;
}

export interface FieldSpec extends FieldOptions {
  no: number;
  json: string;
  kind: FieldKind;
  /** For kind `message`. */
  message?: MessageSpec;
  repeated?: boolean;
  /** Set for `map<string, V>` fields (entries: key=1, value=2); `kind` is then V's kind. */
  map?: boolean;
}

export interface MessageSpec {
  name: string;
  fields: readonly FieldSpec[];
  byNumber: ReadonlyMap<number, FieldSpec>;
}

export function message(name: string, fields: FieldSpec[]): MessageSpec {
  const byNumber = new Map<number, FieldSpec>();
  for (const f of fields) {
    if (byNumber.has(f.no)) throw new Error(`${name}: field number ${f.no} listed twice`);
    byNumber.set(f.no, f);
  }
  return { name, fields, byNumber };
}

/** A singular scalar, time or FieldsV1 field. */
export function field(no: number, json: string, kind: Exclude<FieldKind, 'message'>, opts: FieldOptions = {}): FieldSpec {
  return { no, json, kind, ...opts };
}

/** A singular embedded message. Non-pointer Go structs are `{ always: true }`. */
export function nested(no: number, json: string, spec: MessageSpec, opts: FieldOptions = {}): FieldSpec {
  return { no, json, kind: 'message', message: spec, ...opts };
}

/** A repeated string field. */
export function strings(no: number, json: string): FieldSpec {
  return { no, json, kind: 'string', repeated: true };
}

/** A repeated embedded message. */
export function list(no: number, json: string, spec: MessageSpec): FieldSpec {
  return { no, json, kind: 'message', message: spec, repeated: true };
}

/** A `map<string, V>` field. */
export function map(no: number, json: string, value: ScalarKind | 'stringList' | 'quantity'): FieldSpec {
  return { no, json, kind: value, map: true };
}
