import { beforeAll, describe, expect, it } from 'vitest';
import { protobufKinds, protobufMessageFor } from './kinds.js';
import type { FieldSpec, MessageSpec } from './schema.js';
import { hasKubectl, kubectlPath } from './testdata/capture.js';
import { type DescriptorField, type DescriptorMessage, kubectlDescriptors } from './testdata/descriptors.js';

const packages: Record<string, string> = {
  v1: '.k8s.io.api.core.v1',
  'coordination.k8s.io/v1': '.k8s.io.api.coordination.v1',
  'authentication.k8s.io/v1': '.k8s.io.api.authentication.v1',
  'authorization.k8s.io/v1': '.k8s.io.api.authorization.v1',
  'meta.k8s.io/v1': '.k8s.io.apimachinery.pkg.apis.meta.v1',
  'rbac.authorization.k8s.io/v1': '.k8s.io.api.rbac.v1',
};

const meta = '.k8s.io.apimachinery.pkg.apis.meta.v1';
const quantity = '.k8s.io.apimachinery.pkg.api.resource.Quantity';
const scalarTypes: Record<string, number> = { int64: 3, int32: 5, bool: 8, string: 9, bytes: 12 };
const wrapperTypes: Record<string, string> = { time: `${meta}.Time`, microTime: `${meta}.MicroTime`, fieldsV1: `${meta}.FieldsV1` };
/** Proto field names that differ from the JSON name (BoundObjectReference's `uID`). */
function sameName(protoName: string, f: FieldSpec): boolean {
  return protoName === f.json || (protoName === 'uID' && f.json === 'uid');
}

function typeProblem(f: FieldSpec, df: DescriptorField, entry: DescriptorMessage | undefined): string | undefined {
  if (f.map) {
    const value = entry?.fields.find((x) => x.number === 2);
    if (!value) return 'is not a map';
    if (f.kind === 'stringList') return value.typeName.endsWith('.ExtraValue') ? undefined : `map value is ${value.typeName}`;
    if (f.kind === 'quantity') return value.typeName === quantity ? undefined : `map value is ${value.typeName}`;
    return value.type === scalarTypes[f.kind] ? undefined : `map value type ${value.type}`;
  }
  if (f.kind in scalarTypes) return df.type === scalarTypes[f.kind] ? undefined : `type ${df.type}, table says ${f.kind}`;
  if (f.kind in wrapperTypes) return df.typeName === wrapperTypes[f.kind] ? undefined : `is ${df.typeName}, table says ${f.kind}`;
  return df.type === 11 ? undefined : `type ${df.type}, table says message`;
}

describe.skipIf(!hasKubectl)('descriptor tables against the generated.proto compiled into kubectl', () => {
  let descriptors: Map<string, DescriptorMessage>;
  beforeAll(async () => {
    descriptors = await kubectlDescriptors(kubectlPath);
  });

  function compare(spec: MessageSpec, protoName: string, problems: Set<string>): void {
    const d = descriptors.get(protoName);
    if (!d) {
      problems.add(`${protoName}: not in kubectl`);
      return;
    }
    for (const df of d.fields) {
      const f = spec.byNumber.get(df.number);
      const where = `${protoName}.${df.name} (${df.number})`;
      if (!f) {
        problems.add(`${where}: missing from table ${spec.name}`);
        continue;
      }
      if (!sameName(df.name, f)) problems.add(`${where}: table names it ${f.json}`);
      if (Boolean(f.repeated || f.map) !== (df.label === 3)) problems.add(`${where}: repeated mismatch`);
      const problem = typeProblem(f, df, descriptors.get(df.typeName));
      if (problem) problems.add(`${where}: ${problem}`);
      if (f.kind === 'message' && f.message) compare(f.message, df.typeName, problems);
    }
    for (const f of spec.fields) {
      if (!d.fields.some((df) => df.number === f.no)) problems.add(`${protoName}: table ${spec.name} has field ${f.json} (${f.no}) kubectl does not know`);
    }
  }

  it('match every field number, name, type and cardinality, with nothing missing or extra', () => {
    const problems = new Set<string>();
    for (const { apiVersion, kind } of protobufKinds) {
      const spec = protobufMessageFor(apiVersion, kind)!;
      compare(spec, `${packages[apiVersion]}.${kind}`, problems);
    }
    expect([...problems]).toEqual([]);
    expect(protobufKinds.length).toBeGreaterThan(10);
  });
});
