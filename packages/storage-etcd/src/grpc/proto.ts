/**
 * The etcd KV messages, encoded and decoded with protobufjs from the .proto files etcd3 ships,
 * into the same JavaScript shapes etcd3's own client produces (snake_case fields, int64 as
 * decimal strings, enums as names, bytes as Buffers, defaults filled in, oneof names set), so
 * code written against etcd3's `IRangeResponse` / `ITxnResponse` reads them unchanged.
 *
 * @example
 * const body = kvMethods.Range.encode({ key: Buffer.from('/registry/x') });
 * const res = kvMethods.Range.decode(await unary.call(kvMethods.Range.path, body, deadline));
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import type { ICompactionRequest, ICompactionResponse, IRangeRequest, IRangeResponse, ITxnRequest, ITxnResponse } from 'etcd3';

const protoDir = join(dirname(createRequire(import.meta.url).resolve('etcd3/package.json')), 'proto');
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => join(protoDir, target.replace(/^\.\//, ''));
root.loadSync('rpc.proto', { keepCase: true });
root.resolveAll();

/** What etcd3's proto-loader configuration gives (keepCase, longs: String, enums: String, defaults, oneofs). */
const toObjectOptions: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true };

/** One unary KV method: its gRPC path and codecs. */
export interface UnaryMethod<Req, Res> {
  readonly path: string;
  encode(req: Req): Buffer;
  decode(body: Buffer): Res;
}

function method<Req, Res>(name: string, request: string, response: string): UnaryMethod<Req, Res> {
  const reqType = root.lookupType(`etcdserverpb.${request}`);
  const resType = root.lookupType(`etcdserverpb.${response}`);
  return {
    path: `/etcdserverpb.KV/${name}`,
    encode: (req) => Buffer.from(reqType.encode(reqType.fromObject(req as Record<string, unknown>)).finish()),
    decode: (body) => resType.toObject(resType.decode(body), toObjectOptions) as Res,
  };
}

export const kvMethods = {
  Range: method<IRangeRequest, IRangeResponse>('Range', 'RangeRequest', 'RangeResponse'),
  Txn: method<ITxnRequest, ITxnResponse>('Txn', 'TxnRequest', 'TxnResponse'),
  Compact: method<ICompactionRequest, ICompactionResponse>('Compact', 'CompactionRequest', 'CompactionResponse'),
};
