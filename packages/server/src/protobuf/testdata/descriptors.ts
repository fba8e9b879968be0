/**
 * Test helper: the protobuf descriptors compiled into the kubectl binary. gogo-protobuf
 * registers each generated.proto as a gzipped FileDescriptorProto, so scanning the binary for
 * gzip streams and decoding them (FileDescriptorProto: name=1, package=2, message_type=4;
 * DescriptorProto: name=1, field=2, nested_type=3; FieldDescriptorProto: name=1, number=3,
 * label=4, type=5, type_name=6) yields the very field numbers kubectl encodes with.
 *
 * @example
 * const messages = await kubectlDescriptors('/usr/bin/kubectl');
 * messages.get('.k8s.io.api.core.v1.ConfigMap')!.fields; // [{ name: 'metadata', number: 1, ... }, ...]
 */
import { readFile, realpath } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { WireReader } from '../wire.js';

export interface DescriptorField {
  name: string;
  number: number;
  /** 1 optional, 2 required, 3 repeated. */
  label: number;
  /** 3 int64, 5 int32, 8 bool, 9 string, 11 message, 12 bytes... */
  type: number;
  /** Fully qualified, with a leading dot, for messages. */
  typeName: string;
}

export interface DescriptorMessage {
  fields: DescriptorField[];
}

type Fields = Map<number, (bigint | Buffer)[]>;

function parse(buf: Buffer): Fields {
  const out: Fields = new Map();
  const r = new WireReader(buf, 'descriptor');
  while (!r.done()) {
    const { field, wire } = r.tag();
    let v: bigint | Buffer;
    if (wire === 0) v = r.varint();
    else if (wire === 2) v = r.bytes();
    else {
      r.skip(wire);
      continue;
    }
    out.set(field, [...(out.get(field) ?? []), v]);
  }
  return out;
}

const text = (f: Fields, n: number): string => (f.get(n)?.[0] as Buffer | undefined)?.toString('utf8') ?? '';
const num = (f: Fields, n: number): number => Number((f.get(n)?.[0] as bigint | undefined) ?? 0n);

function addMessage(into: Map<string, DescriptorMessage>, scope: string, buf: Buffer): void {
  const d = parse(buf);
  const fullName = `${scope}.${text(d, 1)}`;
  const fields = (d.get(2) ?? []).map((b) => {
    const f = parse(b as Buffer);
    return { name: text(f, 1), number: num(f, 3), label: num(f, 4), type: num(f, 5), typeName: text(f, 6) };
  });
  into.set(fullName, { fields });
  for (const nested of d.get(3) ?? []) addMessage(into, fullName, nested as Buffer);
}

/** Every message of every `k8s.io/...` proto file registered in the binary, by full name. */
export async function kubectlDescriptors(binary: string): Promise<Map<string, DescriptorMessage>> {
  const bin = await readFile(await realpath(binary));
  const messages = new Map<string, DescriptorMessage>();
  const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0x00]);
  for (let at = bin.indexOf(gzipHeader); at >= 0; at = bin.indexOf(gzipHeader, at + 1)) {
    let file: Fields;
    try {
      file = parse(gunzipSync(bin.subarray(at, at + 1_000_000)));
    } catch {
      continue;
    }
    if (!text(file, 1).startsWith('k8s.io/')) continue;
    for (const m of file.get(4) ?? []) addMessage(messages, `.${text(file, 2)}`, m as Buffer);
  }
  return messages;
}
