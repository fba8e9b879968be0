/**
 * Decoding Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`) into
 * the JSON form the rest of the server works with. kubectl's typed clients send protobuf for
 * `create configmap|secret|serviceaccount|namespace|token`, `auth can-i` and `auth whoami`;
 * client-go controllers send it for Leases, Events and DeleteOptions. Only decoding is
 * provided: responses stay JSON.
 *
 * @example
 * import { decodeProtobufObject, isProtobufContentType } from './protobuf/index.js';
 * if (isProtobufContentType(req.headers['content-type'])) {
 *   const { object } = decodeProtobufObject(body); // throws a 400 StatusError when undecodable
 * }
 */
export { decodeProtobufObject, protobufMagic, type DecodedProtobufObject } from './object.js';
export { isProtobufContentType, protobufContentType } from './media.js';
export { protobufKinds, type ProtobufKind } from './kinds.js';
