/**
 * The shape test every decoder of JSON input needs: is this a JSON object (not null, not an
 * array)?
 *
 * @example
 * if (isRecord(body.metadata)) name = body.metadata.name;
 */

/** True for a non-null object that is not an array: a decoded JSON object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
