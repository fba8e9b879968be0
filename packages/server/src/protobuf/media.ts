/**
 * The Kubernetes protobuf media type and its recognition in a Content-Type header.
 *
 * @example
 * isProtobufContentType('application/vnd.kubernetes.protobuf'); // true
 * isProtobufContentType('application/json'); // false
 */

export const protobufContentType = 'application/vnd.kubernetes.protobuf';

/** True when the header's essence (parameters and case ignored) is the Kubernetes protobuf type. */
export function isProtobufContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return essence === protobufContentType;
}
