/**
 * The Swagger 2.0 document in gnostic's protobuf form (openapi.v2.Document from
 * github.com/google/gnostic-models/openapiv2/OpenAPIv2.proto), which is what kubectl asks
 * `/openapi/v2` for: client-go's OpenAPISchema() sends
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and proto-decodes the
 * body, and kubectl create/apply/edit (--validate=strict, the default) fail if that fails.
 * Vendor extensions and defaults travel as YAML text (`Any.yaml`); JSON is valid YAML.
 *
 * @example
 * const bytes = encodeSwaggerProto(swaggerDocument(docs, {}));
 */
import type { JsonSchema } from './meta.js';

/** A minimal protobuf writer: the wire types gnostic's messages use. */
class Writer {
  private readonly parts: Buffer[] = [];

  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v > 0n);
    this.parts.push(Buffer.from(bytes));
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  bytes(field: number, data: Buffer): void {
    this.tag(field, 2);
    this.varint(BigInt(data.length));
    this.parts.push(data);
  }

  string(field: number, value: unknown): void {
    if (typeof value === 'string' && value !== '') this.bytes(field, Buffer.from(value, 'utf8'));
  }

  strings(field: number, values: unknown): void {
    if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') this.bytes(field, Buffer.from(v, 'utf8'));
  }

  bool(field: number, value: unknown, always = false): void {
    if (typeof value !== 'boolean' || (!value && !always)) return;
    this.tag(field, 0);
    this.varint(value ? 1n : 0n);
  }

  int64(field: number, value: unknown): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value === 0) return;
    this.tag(field, 0);
    this.varint(BigInt(value));
  }

  double(field: number, value: unknown): void {
    if (typeof value !== 'number' || value === 0) return;
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.parts.push(b);
  }

  message(field: number, build: (w: Writer) => void): void {
    const w = new Writer();
    build(w);
    this.bytes(field, w.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function entries(v: unknown): [string, unknown][] {
  return isObject(v) ? Object.entries(v) : [];
}

/** openapi.v2.Any: the value as YAML text. */
function any(w: Writer, field: number, value: unknown): void {
  if (value === undefined) return;
  w.message(field, (a) => a.string(2, JSON.stringify(value)));
}

function vendorExtensions(w: Writer, field: number, node: JsonSchema): void {
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('x-')) continue;
    w.message(field, (n) => {
      n.string(1, key);
      any(n, 2, value);
    });
  }
}

function schema(w: Writer, s: JsonSchema): void {
  w.string(1, s.$ref);
  w.string(2, s.format);
  w.string(3, s.title);
  w.string(4, s.description);
  any(w, 5, s.default);
  w.double(6, s.multipleOf);
  w.double(7, s.maximum);
  w.bool(8, s.exclusiveMaximum);
  w.double(9, s.minimum);
  w.bool(10, s.exclusiveMinimum);
  w.int64(11, s.maxLength);
  w.int64(12, s.minLength);
  w.string(13, s.pattern);
  w.int64(14, s.maxItems);
  w.int64(15, s.minItems);
  w.bool(16, s.uniqueItems);
  w.int64(17, s.maxProperties);
  w.int64(18, s.minProperties);
  w.strings(19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) any(w, 20, e);
  const additional = s.additionalProperties;
  if (typeof additional === 'boolean') w.message(21, (a) => a.bool(2, additional, true));
  else if (isObject(additional)) w.message(21, (a) => a.message(1, (x) => schema(x, additional)));
  if (typeof s.type === 'string' || Array.isArray(s.type)) w.message(22, (t) => t.strings(1, Array.isArray(s.type) ? s.type : [s.type]));
  const items = s.items;
  if (isObject(items)) w.message(23, (i) => i.message(1, (x) => schema(x, items)));
  if (Array.isArray(s.allOf)) for (const a of s.allOf) if (isObject(a)) w.message(24, (x) => schema(x, a));
  if (isObject(s.properties)) {
    const props = s.properties;
    w.message(25, (p) => {
      for (const [name, value] of Object.entries(props)) {
        if (!isObject(value)) continue;
        p.message(1, (n) => {
          n.string(1, name);
          n.message(2, (x) => schema(x, value));
        });
      }
    });
  }
  w.bool(27, s.readOnly);
  any(w, 30, s.example);
  vendorExtensions(w, 31, s);
}

function parameter(w: Writer, p: JsonSchema): void {
  w.message(1, (param) => {
    if (p.in === 'body') {
      param.message(1, (b) => {
        b.string(1, p.description);
        b.string(2, p.name);
        b.string(3, p.in);
        b.bool(4, p.required);
        if (isObject(p.schema)) b.message(5, (x) => schema(x, p.schema as JsonSchema));
      });
      return;
    }
    // NonBodyParameter: 3 = query, 4 = path; their `type` and `uniqueItems` fields differ by one.
    const isPath = p.in === 'path';
    param.message(2, (nb) =>
      nb.message(isPath ? 4 : 3, (q) => {
        q.bool(1, p.required);
        q.string(2, p.in);
        q.string(3, p.description);
        q.string(4, p.name);
        q.string(isPath ? 5 : 6, p.type);
        q.bool(isPath ? 19 : 20, p.uniqueItems);
      }),
    );
  });
}

function operation(w: Writer, op: JsonSchema): void {
  w.strings(1, op.tags);
  w.string(3, op.description);
  w.string(5, op.operationId);
  w.strings(6, op.produces);
  w.strings(7, op.consumes);
  if (Array.isArray(op.parameters)) for (const p of op.parameters) if (isObject(p)) w.message(8, (x) => parameter(x, p));
  w.message(9, (rs) => {
    for (const [code, r] of entries(op.responses)) {
      if (!isObject(r)) continue;
      rs.message(1, (named) => {
        named.string(1, code);
        named.message(2, (rv) =>
          rv.message(1, (resp) => {
            resp.string(1, r.description);
            if (isObject(r.schema)) resp.message(2, (si) => si.message(1, (x) => schema(x, r.schema as JsonSchema)));
          }),
        );
      });
    }
  });
  w.strings(10, op.schemes);
  vendorExtensions(w, 13, op);
}

const methodFields: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

/** Encodes a Swagger 2.0 JSON document as an openapi.v2.Document message. */
export function encodeSwaggerProto(doc: JsonSchema): Buffer {
  const w = new Writer();
  w.string(1, doc.swagger);
  const info = isObject(doc.info) ? doc.info : {};
  w.message(2, (i) => {
    i.string(1, info.title);
    i.string(2, info.version);
  });
  w.message(8, (paths) => {
    for (const [path, item] of entries(doc.paths)) {
      if (!isObject(item)) continue;
      paths.message(2, (named) => {
        named.string(1, path);
        named.message(2, (pi) => {
          for (const [method, field] of Object.entries(methodFields)) {
            const op = item[method];
            if (isObject(op)) pi.message(field, (x) => operation(x, op));
          }
          if (Array.isArray(item.parameters)) for (const p of item.parameters) if (isObject(p)) pi.message(9, (x) => parameter(x, p));
        });
      });
    }
  });
  w.message(9, (defs) => {
    for (const [name, s] of entries(doc.definitions)) {
      if (!isObject(s)) continue;
      defs.message(1, (named) => {
        named.string(1, name);
        named.message(2, (x) => schema(x, s));
      });
    }
  });
  for (const requirement of Array.isArray(doc.security) ? doc.security : []) {
    w.message(12, (req) => {
      for (const [name, scopes] of entries(requirement)) {
        req.message(1, (n) => {
          n.string(1, name);
          n.message(2, (arr) => arr.strings(1, scopes));
        });
      }
    });
  }
  w.message(13, (sd) => {
    for (const [name, def] of entries(doc.securityDefinitions)) {
      if (!isObject(def) || def.type !== 'apiKey') continue;
      sd.message(1, (n) => {
        n.string(1, name);
        n.message(2, (item) =>
          item.message(2, (k) => {
            k.string(1, def.type);
            k.string(2, def.name);
            k.string(3, def.in);
            k.string(4, def.description);
          }),
        );
      });
    }
  });
  return w.finish();
}
