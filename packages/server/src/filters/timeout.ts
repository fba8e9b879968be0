/**
 * The request timeout: `?timeout=<duration>` (capped at the server's request timeout, 60 s by
 * default) answers 504 Timeout when exceeded. Long-running requests are exempt.
 */
import { errors } from '@apiserver-kit/core';
import { writeError } from '../http/index.js';
import { type Filter, isLongRunning } from './chain.js';

const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parse a Go duration ("30s", "1m30s", "500ms") into milliseconds; null when malformed. */
export function parseGoDuration(text: string): number | null {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  if (text === '0') return 0;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    total += Number(m[1]) * units[m[2]!]!;
    pos = re.lastIndex;
  }
  return pos === 0 ? null : total;
}

export function timeoutFilter(maxMs: number): Filter {
  return async (x, next) => {
    if (isLongRunning(x.req)) return next(x);
    let ms = maxMs;
    const param = x.req.query.get('timeout');
    if (param) {
      const parsed = parseGoDuration(param);
      if (parsed === null || parsed < 0) {
        throw errors.badRequest(`invalid timeout specified in the request URL - time: invalid duration "${param}"`);
      }
      if (parsed > 0) ms = Math.min(parsed, maxMs);
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        if (!x.res.headersSent) {
          writeError(x.res, errors.timeout('request did not complete within requested timeout - context deadline exceeded'));
        }
        x.abort(new Error('request timed out'));
        resolve();
      }, ms);
    });
    try {
      await Promise.race([next(x), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
