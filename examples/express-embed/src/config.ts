/**
 * Command line and environment of `main.ts`, named after kube-apiserver's flags:
 *
 * | flag | env | meaning |
 * |---|---|---|
 * | `--port` | `PORT` | listen port (default 8080; 0 picks one) |
 * | `--bind-address` | `HOST` | listen address (default 127.0.0.1) |
 * | `--token-auth-file` | `TOKEN_AUTH_FILE` | static tokens CSV |
 * | `--client-ca-file` | `CLIENT_CA_FILE` | CA bundle for client certificates (needs TLS) |
 * | `--tls-cert-file`, `--tls-private-key-file` | `TLS_CERT_FILE`, `TLS_PRIVATE_KEY_FILE` | serve https |
 * | `--pki-dir` | `PKI_DIR` | development: create (or reuse) a CA, a serving and an admin client certificate there, serve https with that CA as client CA |
 * | `--anonymous-auth` | `ANONYMOUS_AUTH=true` | requests without credentials are `system:anonymous` |
 *
 * Flags win over the environment.
 *
 * @example
 * const config = parseConfig(['--port', '8443', '--pki-dir', '.pki'], process.env);
 * const { app, serve } = await loadConfig(config);
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadOrCreatePki } from '@apiserver-kit/pki';
import type { AppOptions } from './app.js';
import type { ServeOptions } from './server.js';

export interface CliConfig {
  port: number;
  host: string;
  tokenAuthFile?: string;
  clientCAFile?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  pkiDir?: string;
  anonymous: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const flags = {
  port: { type: 'string' },
  'bind-address': { type: 'string' },
  'token-auth-file': { type: 'string' },
  'client-ca-file': { type: 'string' },
  'tls-cert-file': { type: 'string' },
  'tls-private-key-file': { type: 'string' },
  'pki-dir': { type: 'string' },
  'anonymous-auth': { type: 'boolean' },
} as const;

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(`invalid port "${text}": want 0-65535`);
  return port;
}

/** Read flags and environment; throws ConfigError for unknown flags and inconsistent choices. */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliConfig {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof flags }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
  const pick = (flag: string | undefined, name: string): string | undefined => flag ?? (env[name] || undefined);
  const config: CliConfig = {
    port: parsePort(pick(values.port, 'PORT') ?? '8080'),
    host: pick(values['bind-address'], 'HOST') ?? '127.0.0.1',
    anonymous: values['anonymous-auth'] ?? env.ANONYMOUS_AUTH === 'true',
  };
  const optional = {
    tokenAuthFile: pick(values['token-auth-file'], 'TOKEN_AUTH_FILE'),
    clientCAFile: pick(values['client-ca-file'], 'CLIENT_CA_FILE'),
    tlsCertFile: pick(values['tls-cert-file'], 'TLS_CERT_FILE'),
    tlsKeyFile: pick(values['tls-private-key-file'], 'TLS_PRIVATE_KEY_FILE'),
    pkiDir: pick(values['pki-dir'], 'PKI_DIR'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(config, { [key]: value });

  if ((config.tlsCertFile === undefined) !== (config.tlsKeyFile === undefined)) {
    throw new ConfigError('--tls-cert-file and --tls-private-key-file go together');
  }
  if (config.pkiDir !== undefined && config.tlsCertFile !== undefined) {
    throw new ConfigError('--pki-dir creates its own serving certificate; do not combine it with --tls-cert-file');
  }
  if (config.clientCAFile !== undefined && config.tlsCertFile === undefined && config.pkiDir === undefined) {
    throw new ConfigError('--client-ca-file needs TLS: give --tls-cert-file and --tls-private-key-file, or --pki-dir');
  }
  return config;
}

export interface LoadedConfig {
  app: AppOptions;
  serve: ServeOptions;
  /** With --pki-dir: where the admin client certificate and the CA are, for curl. */
  pkiFiles?: { ca: string; adminCert: string; adminKey: string };
}

/** Read the files the config names (and, with --pki-dir, create the development PKI). */
export async function loadConfig(config: CliConfig): Promise<LoadedConfig> {
  const app: AppOptions = { anonymous: config.anonymous };
  const serve: ServeOptions = { port: config.port, host: config.host };
  if (config.tokenAuthFile !== undefined) app.tokenFile = await readFile(config.tokenAuthFile, 'utf8');
  if (config.clientCAFile !== undefined) app.clientCA = await readFile(config.clientCAFile, 'utf8');
  if (config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined) {
    serve.tls = { cert: await readFile(config.tlsCertFile, 'utf8'), key: await readFile(config.tlsKeyFile, 'utf8') };
  }
  let pkiFiles: LoadedConfig['pkiFiles'];
  if (config.pkiDir !== undefined) {
    const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...(config.host === '0.0.0.0' || config.host === '::' ? [] : [config.host])])];
    const pki = await loadOrCreatePki(config.pkiDir, { hosts });
    serve.tls = { cert: pki.serving.certPem, key: pki.serving.keyPem };
    app.clientCA = app.clientCA === undefined ? pki.ca.certPem : `${app.clientCA}\n${pki.ca.certPem}`;
    pkiFiles = { ca: pki.files.ca.cert, adminCert: pki.files.admin.cert, adminKey: pki.files.admin.key };
  }
  if (serve.tls && app.clientCA !== undefined) serve.tls.clientCA = app.clientCA;
  return pkiFiles ? { app, serve, pkiFiles } : { app, serve };
}
