/**
 * kube-lite's command line, with kube-apiserver's flag names where they exist.
 */
import { parseArgs } from 'node:util';

export interface KubeLiteConfig {
  bindAddress: string;
  securePort: number;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  dataDir: string;
  storage: 'memory';
  maxRequestBodyBytes?: number;
}

export const usage = `Usage: kube-lite [flags]

A small Kubernetes-compatible API server assembled from apiserver-kit.

Flags:
  --bind-address string          address to listen on (default "127.0.0.1")
  --secure-port int              HTTPS port; 0 picks a free one (default 6443)
  --tls-cert-file string         serving certificate (PEM); generated under --data-dir if unset
  --tls-private-key-file string  key of --tls-cert-file (PEM)
  --client-ca-file string        CA bundle that client certificates are verified against
                                 (default: the generated CA)
  --data-dir string              where certificates, kubeconfig and data live (default ".kube-lite")
  --storage string               storage backend: memory (default "memory")
  -h, --help                     show this help
`;

export class FlagError extends Error {}

export function parseFlags(argv: string[]): KubeLiteConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'bind-address': { type: 'string', default: '127.0.0.1' },
        'secure-port': { type: 'string', default: '6443' },
        'tls-cert-file': { type: 'string' },
        'tls-private-key-file': { type: 'string' },
        'client-ca-file': { type: 'string' },
        'data-dir': { type: 'string', default: '.kube-lite' },
        storage: { type: 'string', default: 'memory' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new FlagError((err as Error).message);
  }
  if (values.help) return 'help';
  const port = Number(values['secure-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new FlagError(`invalid --secure-port "${values['secure-port']}": must be an integer from 0 to 65535`);
  }
  if (values.storage !== 'memory') throw new FlagError(`unknown --storage "${values.storage}": supported: memory`);
  if (Boolean(values['tls-cert-file']) !== Boolean(values['tls-private-key-file'])) {
    throw new FlagError('--tls-cert-file and --tls-private-key-file must be given together');
  }
  const config: KubeLiteConfig = {
    bindAddress: values['bind-address'],
    securePort: port,
    dataDir: values['data-dir'],
    storage: 'memory',
  };
  if (values['tls-cert-file']) config.tlsCertFile = values['tls-cert-file'];
  if (values['tls-private-key-file']) config.tlsPrivateKeyFile = values['tls-private-key-file'];
  if (values['client-ca-file']) config.clientCaFile = values['client-ca-file'];
  return config;
}
