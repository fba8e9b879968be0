/**
 * meta/v1 Time and MicroTime in their JSON form. On the wire both are a Timestamp
 * (seconds=1, nanos=2); in JSON, Time is RFC 3339 in UTC to the second and MicroTime to the
 * microsecond (Go's `time.RFC3339` and `2006-01-02T15:04:05.000000Z07:00`, which truncate).
 * Go's zero time (0001-01-01T00:00:00Z) is written as null.
 *
 * @example
 * timestampText(1767323045n, 123456789, true); // '2026-01-02T03:04:05.123456Z'
 */

/** 0001-01-01T00:00:00Z, Go's zero time. */
const zeroSeconds = -62135596800n;
/** 9999-12-31T23:59:59Z, the last second RFC 3339 can write. */
const maxSeconds = 253402300799n;

/** The JSON text of a timestamp, or null for Go's zero time; RangeError outside years 1..9999. */
export function timestampText(seconds: bigint, nanos: number, micro: boolean): string | null {
  // time.Unix normalises nanoseconds outside [0, 1e9) into the seconds.
  const carry = Math.floor(nanos / 1e9);
  const s = seconds + BigInt(carry);
  const ns = nanos - carry * 1e9;
  if (s === zeroSeconds && ns === 0) return null;
  if (s < zeroSeconds || s > maxSeconds) throw new RangeError('timestamp outside 0001-01-01..9999-12-31');
  const iso = new Date(Number(s) * 1000).toISOString(); // 'YYYY-MM-DDTHH:MM:SS.000Z' for years 0..9999
  const base = iso.slice(0, 19);
  if (!micro) return `${base}Z`;
  return `${base}.${String(Math.floor(ns / 1000)).padStart(6, '0')}Z`;
}
