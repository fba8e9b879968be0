/**
 * Human-readable durations and ages, ported from k8s.io/apimachinery/pkg/util/duration and
 * the `translateTimestampSince` helpers of kube's printers. Durations are milliseconds.
 *
 * @example
 * humanDuration(190_000);        // "3m10s"
 * shortHumanDuration(190_000);   // "3m"
 * translateTimestampSince('2024-01-01T00:00:00Z', new Date('2024-01-03T03:00:00Z')); // "2d3h"
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(x) for a float: truncation toward zero. */
const int = (x: number): number => Math.trunc(x);

/**
 * A succinct duration with ~2-3 significant figures, as `kubectl get` prints ages
 * (Go's duration.HumanDuration): "45s", "3m10s", "70m", "5h2m", "47h", "2d1h", "8d", "2y1d", "8y".
 */
export function humanDuration(ms: number): string {
  // Allow deviation of less than 2 seconds for clock skew between client and server.
  const seconds = int(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = int(ms / MINUTE);
  if (minutes < 10) {
    const s = int(ms / SECOND) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = int(ms / HOUR);
  if (hours < 8) {
    const m = int(ms / MINUTE) % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${int(hours / 24)}d` : `${int(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${int(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = int(hours / 24) % 365;
    return dy === 0 ? `${int(hours / 24 / 365)}y` : `${int(hours / 24 / 365)}y${dy}d`;
  }
  return `${int(hours / 24 / 365)}y`;
}

/** A one-unit duration (Go's duration.ShortHumanDuration): "59s", "1m", "23h", "364d", "2y". */
export function shortHumanDuration(ms: number): string {
  const seconds = int(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = int(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = int(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${int(hours / 24)}d`;
  return `${int(ms / HOUR / 24 / 365)}y`;
}

/** Milliseconds since the epoch of a Kubernetes timestamp, or undefined when unset or unparsable. */
export function parseTimestamp(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The age of a timestamp as the built-in printers show it (kube's translateTimestampSince and
 * translateMicroTimestampSince): "<unknown>" when unset, else humanDuration(now - ts).
 */
export function translateTimestampSince(ts: unknown, now: Date): string {
  const t = parseTimestamp(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

/**
 * A `date` cell as CustomResourceDefinition columns render it (kube's
 * ConvertToHumanReadableDateType): "<unknown>" when unset, else shortHumanDuration(now - ts).
 */
export function humanReadableDate(ts: unknown, now: Date): string {
  const t = parseTimestamp(ts);
  if (t === undefined) return '<unknown>';
  return shortHumanDuration(now.getTime() - t);
}
