/**
 * /healthz, /livez and /readyz with named checks, `?verbose`, `?exclude=<name>` and
 * `/<endpoint>/<check>`, in kube-apiserver's plain-text format.
 */
import type { ServerResponse } from 'node:http';
import { baseHeaders } from './http/index.js';

export interface HealthCheck {
  name: string;
  /** Resolves when healthy; rejects (or throws) with the reason otherwise. */
  check(): Promise<void> | void;
}

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

function writeText(res: ServerResponse, code: number, text: string): void {
  baseHeaders(res);
  res.statusCode = code;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

/** Serve one health endpoint. `sub` is the check name after the endpoint, if any. */
export async function serveHealth(
  res: ServerResponse,
  endpoint: HealthEndpoint,
  checks: HealthCheck[],
  query: URLSearchParams,
  sub: string,
  log: (msg: string) => void = () => {},
): Promise<void> {
  if (sub) {
    const one = checks.find((c) => c.name === sub);
    if (!one) return writeText(res, 404, '404 page not found\n');
    try {
      await one.check();
      return writeText(res, 200, 'ok');
    } catch (err) {
      log(`[-]${one.name} failed: ${(err as Error)?.message ?? String(err)}`);
      return writeText(res, 500, `internal server error: ${(err as Error)?.message ?? String(err)}\n`);
    }
  }
  const excluded = new Set(query.getAll('exclude').flatMap((e) => e.split(',')).filter(Boolean));
  let out = '';
  const failed: string[] = [];
  for (const c of checks) {
    if (excluded.delete(c.name)) {
      out += `[+]${c.name} excluded: ok\n`;
      continue;
    }
    try {
      await c.check();
      out += `[+]${c.name} ok\n`;
    } catch (err) {
      out += `[-]${c.name} failed: reason withheld\n`;
      log(`[-]${c.name} failed: ${(err as Error)?.message ?? String(err)}`);
      failed.push(c.name);
    }
  }
  if (excluded.size > 0) {
    out += `warn: some health checks cannot be excluded: no matches for ${[...excluded].map((e) => `"${e}"`).join(',')}\n`;
  }
  if (failed.length > 0) {
    log(`${endpoint} check failed: ${failed.join(',')}`);
    return writeText(res, 500, `${out}${endpoint} check failed\n`);
  }
  if (query.has('verbose')) return writeText(res, 200, `${out}${endpoint} check passed\n`);
  return writeText(res, 200, 'ok');
}
