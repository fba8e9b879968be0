/**
 * The command line of `main.ts`:
 *
 * | flag | meaning |
 * |---|---|
 * | `--port` | listen port (default 8443; 0 picks one) |
 * | `--host` | listen address (default 127.0.0.1) |
 * | `--cert`, `--key` | serving certificate and key (PEM files), given together |
 * | `--ca` | with `--cert`: the CA that signed it, to print the caBundle |
 * | `--pki-dir` | development: create (or reuse) a CA and a serving certificate for localhost, 127.0.0.1, ::1 and `--host` there |
 * | `--san` | with `--pki-dir`, repeatable: one more DNS name or IP for the serving certificate (e.g. `admission-webhook.webhook-system.svc`) |
 * | `--print-manifests` | print both webhook configurations for `--port` and the CA, and exit |
 *
 * @example
 * const config = parseConfig(['--pki-dir', '.webhook-pki', '--port', '8443']);
 * const { certPem, keyPem, caPem } = await loadConfig(config);
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadOrCreatePki } from '@apiserver-kit/pki';

export interface CliConfig {
  port: number;
  host: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  pkiDir?: string;
  /** Extra subject alternative names of the generated serving certificate. */
  sans: string[];
  printManifests: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const flags = {
  port: { type: 'string' },
  host: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string' },
  'pki-dir': { type: 'string' },
  san: { type: 'string', multiple: true },
  'print-manifests': { type: 'boolean' },
} as const;

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(`invalid port "${text}": want 0-65535`);
  return port;
}

/** Read the flags; throws ConfigError for unknown flags and inconsistent choices. */
export function parseConfig(argv: readonly string[]): CliConfig {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof flags }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
  const config: CliConfig = {
    port: parsePort(values.port ?? '8443'),
    host: values.host ?? '127.0.0.1',
    sans: values.san ?? [],
    printManifests: values['print-manifests'] ?? false,
  };
  if (values.cert !== undefined) config.certFile = values.cert;
  if (values.key !== undefined) config.keyFile = values.key;
  if (values.ca !== undefined) config.caFile = values.ca;
  if (values['pki-dir'] !== undefined) config.pkiDir = values['pki-dir'];

  if ((config.certFile === undefined) !== (config.keyFile === undefined)) throw new ConfigError('--cert and --key go together');
  if (config.pkiDir !== undefined && (config.certFile !== undefined || config.caFile !== undefined)) {
    throw new ConfigError('--pki-dir creates its own CA and serving certificate; do not combine it with --cert, --key or --ca');
  }
  if (config.sans.length > 0 && config.pkiDir === undefined) throw new ConfigError('--san names hosts of the certificate --pki-dir generates; give --pki-dir');
  if (config.pkiDir === undefined && config.certFile === undefined) {
    throw new ConfigError('a webhook is served over TLS: give --cert and --key, or --pki-dir');
  }
  if (config.printManifests) {
    if (config.pkiDir === undefined && config.caFile === undefined) throw new ConfigError('--print-manifests needs the CA: give --ca, or --pki-dir');
    if (config.port === 0) throw new ConfigError('--print-manifests needs the port the server will listen on, not 0');
  }
  return config;
}

export interface LoadedConfig {
  certPem: string;
  keyPem: string;
  /** The CA that signed the serving certificate, when known (`--ca` or `--pki-dir`). */
  caPem?: string;
}

/** Read the files the config names, or (with --pki-dir) create the development PKI. */
export async function loadConfig(config: CliConfig): Promise<LoadedConfig> {
  if (config.pkiDir !== undefined) {
    const wildcard = config.host === '0.0.0.0' || config.host === '::';
    const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...(wildcard ? [] : [config.host]), ...config.sans])];
    const pki = await loadOrCreatePki(config.pkiDir, { hosts, servingCommonName: 'admission-webhook' });
    return { certPem: pki.serving.certPem, keyPem: pki.serving.keyPem, caPem: pki.ca.certPem };
  }
  const loaded: LoadedConfig = {
    certPem: await readFile(config.certFile!, 'utf8'),
    keyPem: await readFile(config.keyFile!, 'utf8'),
  };
  if (config.caFile !== undefined) loaded.caPem = await readFile(config.caFile, 'utf8');
  return loaded;
}
