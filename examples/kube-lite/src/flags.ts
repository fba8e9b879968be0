/**
 * kube-lite's command line, with kube-apiserver's flag names where they exist.
 */
import { parseArgs } from 'node:util';

/** Authentication flags, with kube-apiserver's names and defaults. */
export interface AuthConfig {
  anonymousAuth: boolean;
  tokenAuthFile?: string;
  serviceAccountKeyFiles: string[];
  serviceAccountSigningKeyFile?: string;
  serviceAccountIssuers: string[];
  serviceAccountLookup: boolean;
  apiAudiences: string[];
  oidc?: {
    issuerURL: string;
    clientID: string;
    usernameClaim: string;
    usernamePrefix?: string;
    groupsClaim?: string;
    groupsPrefix?: string;
    requiredClaims: Record<string, string>;
    caFile?: string;
    signingAlgs: string[];
  };
  requestHeader?: {
    clientCAFile: string;
    allowedNames: string[];
    usernameHeaders: string[];
    uidHeaders: string[];
    groupHeaders: string[];
    extraHeaderPrefixes: string[];
  };
  webhookConfigFile?: string;
  webhookCacheTTLSeconds: number;
}

export interface KubeLiteConfig {
  bindAddress: string;
  securePort: number;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  dataDir: string;
  storage: StorageBackend;
  /** With --storage etcd: the --etcd-* flags. */
  etcd?: EtcdConfig;
  maxRequestBodyBytes?: number;
  auth: AuthConfig;
  authorizationModes: AuthorizationMode[];
  authorization: AuthorizationConfig;
  admission: AdmissionFlags;
}

/** --enable-admission-plugins, --disable-admission-plugins, --admission-control-config-file. */
export interface AdmissionFlags {
  enable: string[];
  disable: string[];
  configFile?: string;
}

/** --storage: sqlite (the default, under <data-dir>/db/), memory (nothing survives a restart) or etcd. */
export type StorageBackend = 'sqlite' | 'memory' | 'etcd';
const storageBackends: readonly string[] = ['sqlite', 'memory', 'etcd'];

/** kube-apiserver's etcd flags. */
export interface EtcdConfig {
  /** --etcd-servers: client URLs of the etcd members. */
  servers: string[];
  /** --etcd-prefix (default /registry). */
  prefix: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** --etcd-compaction-interval (default 5m); 0 turns compaction off. */
  compactionIntervalSeconds: number;
}

export type AuthorizationMode = 'RBAC' | 'ABAC' | 'Webhook' | 'AlwaysAllow' | 'AlwaysDeny';
const authorizationModes: readonly string[] = ['RBAC', 'ABAC', 'Webhook', 'AlwaysAllow', 'AlwaysDeny'];
const laterModes: readonly string[] = ['Node'];

/** The files and settings of the ABAC and Webhook modes, with kube-apiserver's flag names and defaults. */
export interface AuthorizationConfig {
  /** --authorization-policy-file: ABAC's policy, one JSON object per line. */
  policyFile?: string;
  /** --authorization-webhook-config-file: kubeconfig of a SubjectAccessReview webhook. */
  webhookConfigFile?: string;
  /** --authorization-webhook-version (default v1). */
  webhookVersion: 'v1' | 'v1beta1';
  /** --authorization-webhook-cache-authorized-ttl (default 5m). */
  webhookCacheAuthorizedTTLSeconds: number;
  /** --authorization-webhook-cache-unauthorized-ttl (default 30s). */
  webhookCacheUnauthorizedTTLSeconds: number;
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
  --storage string               storage backend: sqlite (under <data-dir>/db/), memory or etcd (default "sqlite")

etcd (with --storage etcd):
  --etcd-servers strings                         etcd client URLs, e.g. https://10.0.0.1:2379,https://10.0.0.2:2379 (required);
                                                 at startup kube-lite waits up to a minute for them, as kube-apiserver does
  --etcd-prefix string                           where kube-lite's keys live in etcd (default "/registry"): a prefix ending
                                                 in /registry holds <prefix>/<group>/..., any other P holds P/registry/<group>/...
  --etcd-cafile string                           CA bundle that etcd's serving certificates are verified against
  --etcd-certfile string                         client certificate for etcd (PEM)
  --etcd-keyfile string                          key of --etcd-certfile (PEM)
  --etcd-compaction-interval duration            how often etcd's history is compacted; 0 disables (default 5m0s)

Admission:
  --enable-admission-plugins strings             plugins to enable besides the default ones
  --disable-admission-plugins strings            default plugins to turn off
  --admission-control-config-file string         AdmissionConfiguration with per-plugin settings

Authorization:
  --authorization-mode strings                   ordered list of RBAC, ABAC, Webhook, AlwaysAllow, AlwaysDeny (default "RBAC")
  --authorization-policy-file string             ABAC policy, one JSON Policy per line (required with ABAC)
  --authorization-webhook-config-file string     kubeconfig of a SubjectAccessReview webhook (required with Webhook)
  --authorization-webhook-version string         SubjectAccessReview version sent: v1 or v1beta1 (default "v1")
  --authorization-webhook-cache-authorized-ttl duration     (default 5m0s)
  --authorization-webhook-cache-unauthorized-ttl duration   (default 30s)

Authentication (kube-apiserver's flags):
  --anonymous-auth bool                          allow anonymous requests (default true)
  --token-auth-file string                       static tokens, CSV: token,user,uid,"group1,group2"
  --service-account-issuer strings               token issuer(s); the first signs (default "https://kubernetes.default.svc.cluster.local")
  --service-account-key-file strings             public keys that verify service-account tokens (default: the signing key)
  --service-account-signing-key-file string      private key that signs service-account tokens (generated under --data-dir if unset)
  --service-account-lookup bool                  check that a token's service account still exists (default true)
  --api-audiences strings                        audiences the API accepts (default: the issuer)
  --oidc-issuer-url string                       OpenID Connect issuer (https)
  --oidc-client-id string                        required with --oidc-issuer-url
  --oidc-username-claim string                   (default "sub")
  --oidc-username-prefix string                  (default "<issuer>#" unless the claim is email; "-" for none)
  --oidc-groups-claim string
  --oidc-groups-prefix string
  --oidc-required-claim key=value                repeatable
  --oidc-ca-file string                          CA of the issuer
  --oidc-signing-algs strings                    (default "RS256")
  --requestheader-client-ca-file string          CA front proxies' client certificates must verify against
  --requestheader-allowed-names strings          proxy certificate CNs allowed (default: any)
  --requestheader-username-headers strings       (default "X-Remote-User")
  --requestheader-uid-headers strings
  --requestheader-group-headers strings          (default "X-Remote-Group")
  --requestheader-extra-headers-prefix strings   (default "X-Remote-Extra-")
  --authentication-token-webhook-config-file string   kubeconfig of a TokenReview webhook
  --authentication-token-webhook-cache-ttl duration   (default 2m0s)
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
        storage: { type: 'string', default: 'sqlite' },
        'etcd-servers': { type: 'string', multiple: true },
        'etcd-prefix': { type: 'string', default: '/registry' },
        'etcd-cafile': { type: 'string' },
        'etcd-certfile': { type: 'string' },
        'etcd-keyfile': { type: 'string' },
        'etcd-compaction-interval': { type: 'string', default: '5m' },
        'anonymous-auth': { type: 'string', default: 'true' },
        'authorization-mode': { type: 'string', multiple: true },
        'enable-admission-plugins': { type: 'string', multiple: true },
        'disable-admission-plugins': { type: 'string', multiple: true },
        'admission-control-config-file': { type: 'string' },
        'authorization-policy-file': { type: 'string' },
        'authorization-webhook-config-file': { type: 'string' },
        'authorization-webhook-version': { type: 'string', default: 'v1' },
        'authorization-webhook-cache-authorized-ttl': { type: 'string', default: '5m' },
        'authorization-webhook-cache-unauthorized-ttl': { type: 'string', default: '30s' },
        'token-auth-file': { type: 'string' },
        'service-account-issuer': { type: 'string', multiple: true },
        'service-account-key-file': { type: 'string', multiple: true },
        'service-account-signing-key-file': { type: 'string' },
        'service-account-lookup': { type: 'string', default: 'true' },
        'api-audiences': { type: 'string', multiple: true },
        'oidc-issuer-url': { type: 'string' },
        'oidc-client-id': { type: 'string' },
        'oidc-username-claim': { type: 'string', default: 'sub' },
        'oidc-username-prefix': { type: 'string' },
        'oidc-groups-claim': { type: 'string' },
        'oidc-groups-prefix': { type: 'string' },
        'oidc-required-claim': { type: 'string', multiple: true },
        'oidc-ca-file': { type: 'string' },
        'oidc-signing-algs': { type: 'string', multiple: true },
        'requestheader-client-ca-file': { type: 'string' },
        'requestheader-allowed-names': { type: 'string', multiple: true },
        'requestheader-username-headers': { type: 'string', multiple: true },
        'requestheader-uid-headers': { type: 'string', multiple: true },
        'requestheader-group-headers': { type: 'string', multiple: true },
        'requestheader-extra-headers-prefix': { type: 'string', multiple: true },
        'authentication-token-webhook-config-file': { type: 'string' },
        'authentication-token-webhook-cache-ttl': { type: 'string', default: '2m' },
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
  if (!storageBackends.includes(values.storage)) throw new FlagError(`unknown --storage "${values.storage}": supported: ${storageBackends.join(', ')}`);
  if (Boolean(values['tls-cert-file']) !== Boolean(values['tls-private-key-file'])) {
    throw new FlagError('--tls-cert-file and --tls-private-key-file must be given together');
  }
  const authorizationModes = parseModes(values['authorization-mode']);
  const config: KubeLiteConfig = {
    bindAddress: values['bind-address'],
    securePort: port,
    dataDir: values['data-dir'],
    storage: values.storage as StorageBackend,
    auth: authConfig(values),
    authorizationModes,
    authorization: authorizationConfig(values, authorizationModes),
    admission: {
      enable: list(values['enable-admission-plugins']),
      disable: list(values['disable-admission-plugins']),
      ...(values['admission-control-config-file'] ? { configFile: values['admission-control-config-file'] } : {}),
    },
  };
  if (values['tls-cert-file']) config.tlsCertFile = values['tls-cert-file'];
  if (values['tls-private-key-file']) config.tlsPrivateKeyFile = values['tls-private-key-file'];
  if (values['client-ca-file']) config.clientCaFile = values['client-ca-file'];
  const etcd = etcdConfig(values, config.storage);
  if (etcd) config.etcd = etcd;
  return config;
}

/** The --etcd-* flags; they belong to --storage etcd, which needs --etcd-servers. */
function etcdConfig(v: Values, storage: StorageBackend): EtcdConfig | undefined {
  const s = (k: string) => (v[k] as string | undefined) || undefined;
  const servers = list(v['etcd-servers'] as string[] | undefined);
  const given = ['etcd-servers', 'etcd-cafile', 'etcd-certfile', 'etcd-keyfile'].filter((k) => v[k] !== undefined);
  if (storage !== 'etcd') {
    if (given.length > 0) throw new FlagError(`--${given[0]} needs --storage etcd (--storage is "${storage}")`);
    return undefined;
  }
  if (servers.length === 0) throw new FlagError('--etcd-servers must be specified with --storage etcd');
  if (Boolean(s('etcd-certfile')) !== Boolean(s('etcd-keyfile'))) throw new FlagError('--etcd-certfile and --etcd-keyfile must be given together');
  const prefix = v['etcd-prefix'] as string;
  if (!prefix.startsWith('/')) throw new FlagError(`invalid --etcd-prefix "${prefix}": must start with /`);
  const config: EtcdConfig = {
    servers,
    prefix,
    compactionIntervalSeconds: durationSeconds('etcd-compaction-interval', v['etcd-compaction-interval'] as string),
  };
  if (s('etcd-cafile')) config.caFile = s('etcd-cafile')!;
  if (s('etcd-certfile')) config.certFile = s('etcd-certfile')!;
  if (s('etcd-keyfile')) config.keyFile = s('etcd-keyfile')!;
  return config;
}

/** Repeatable flags that also take comma lists, as kube's StringSlice flags do. */
function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function bool(name: string, value: string): boolean {
  if (value === 'true' || value === '') return true;
  if (value === 'false') return false;
  throw new FlagError(`invalid --${name} "${value}": must be true or false`);
}

function durationSeconds(name: string, value: string): number {
  if (value === '0') return 0;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!m || value === '') throw new FlagError(`invalid --${name} "${value}": use a duration such as 2m or 30s`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

type Values = Record<string, string | boolean | string[] | undefined>;

function authConfig(v: Values): AuthConfig {
  const s = (k: string) => v[k] as string | undefined;
  const m = (k: string) => v[k] as string[] | undefined;
  const auth: AuthConfig = {
    anonymousAuth: bool('anonymous-auth', s('anonymous-auth')!),
    serviceAccountKeyFiles: list(m('service-account-key-file')),
    serviceAccountIssuers: list(m('service-account-issuer')),
    serviceAccountLookup: bool('service-account-lookup', s('service-account-lookup')!),
    apiAudiences: list(m('api-audiences')),
    webhookCacheTTLSeconds: durationSeconds('authentication-token-webhook-cache-ttl', s('authentication-token-webhook-cache-ttl')!),
  };
  if (auth.serviceAccountIssuers.length === 0) auth.serviceAccountIssuers = ['https://kubernetes.default.svc.cluster.local'];
  if (s('token-auth-file')) auth.tokenAuthFile = s('token-auth-file')!;
  if (s('service-account-signing-key-file')) auth.serviceAccountSigningKeyFile = s('service-account-signing-key-file')!;
  if (s('authentication-token-webhook-config-file')) auth.webhookConfigFile = s('authentication-token-webhook-config-file')!;
  const issuerURL = s('oidc-issuer-url');
  if (issuerURL) {
    const clientID = s('oidc-client-id');
    if (!clientID) throw new FlagError('--oidc-client-id is required with --oidc-issuer-url');
    if (!issuerURL.startsWith('https://')) throw new FlagError(`--oidc-issuer-url must use https: "${issuerURL}"`);
    const requiredClaims: Record<string, string> = {};
    for (const kv of m('oidc-required-claim') ?? []) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new FlagError(`invalid --oidc-required-claim "${kv}": use key=value`);
      requiredClaims[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    auth.oidc = {
      issuerURL,
      clientID,
      usernameClaim: s('oidc-username-claim')!,
      requiredClaims,
      signingAlgs: list(m('oidc-signing-algs')).length > 0 ? list(m('oidc-signing-algs')) : ['RS256'],
    };
    if (s('oidc-username-prefix') !== undefined) auth.oidc.usernamePrefix = s('oidc-username-prefix')!;
    if (s('oidc-groups-claim')) auth.oidc.groupsClaim = s('oidc-groups-claim')!;
    if (s('oidc-groups-prefix') !== undefined) auth.oidc.groupsPrefix = s('oidc-groups-prefix')!;
    if (s('oidc-ca-file')) auth.oidc.caFile = s('oidc-ca-file')!;
  }
  const rhCA = s('requestheader-client-ca-file');
  if (rhCA) {
    const or = (k: string, d: string[]) => (list(m(k)).length > 0 ? list(m(k)) : d);
    auth.requestHeader = {
      clientCAFile: rhCA,
      allowedNames: list(m('requestheader-allowed-names')),
      usernameHeaders: or('requestheader-username-headers', ['X-Remote-User']),
      uidHeaders: list(m('requestheader-uid-headers')),
      groupHeaders: or('requestheader-group-headers', ['X-Remote-Group']),
      extraHeaderPrefixes: or('requestheader-extra-headers-prefix', ['X-Remote-Extra-']),
    };
  }
  return auth;
}

function parseModes(values: string[] | undefined): AuthorizationMode[] {
  const modes = list(values);
  if (modes.length === 0) return ['RBAC'];
  for (const m of modes) {
    if (laterModes.includes(m)) throw new FlagError(`--authorization-mode ${m} is not supported yet; supported: ${authorizationModes.join(', ')}`);
    if (!authorizationModes.includes(m)) throw new FlagError(`unknown --authorization-mode "${m}": supported: ${authorizationModes.join(', ')}`);
  }
  if (new Set(modes).size !== modes.length) throw new FlagError(`--authorization-mode has duplicates: "${modes.join(',')}"`);
  return modes as AuthorizationMode[];
}

/** kube-apiserver's BuiltInAuthorizationOptions.Validate, with its messages. */
function authorizationConfig(v: Values, modes: AuthorizationMode[]): AuthorizationConfig {
  const s = (k: string) => (v[k] as string | undefined) || undefined;
  const version = s('authorization-webhook-version')!;
  if (version !== 'v1' && version !== 'v1beta1') {
    throw new FlagError(`unsupported webhook authorizer version "${version}", supported versions are "v1", "v1beta1"`);
  }
  const config: AuthorizationConfig = {
    webhookVersion: version,
    webhookCacheAuthorizedTTLSeconds: durationSeconds('authorization-webhook-cache-authorized-ttl', s('authorization-webhook-cache-authorized-ttl')!),
    webhookCacheUnauthorizedTTLSeconds: durationSeconds('authorization-webhook-cache-unauthorized-ttl', s('authorization-webhook-cache-unauthorized-ttl')!),
  };
  const policyFile = s('authorization-policy-file');
  const webhookConfigFile = s('authorization-webhook-config-file');
  if (modes.includes('ABAC') && !policyFile) throw new FlagError("authorization-mode ABAC's authorization policy file not passed");
  if (modes.includes('Webhook') && !webhookConfigFile) throw new FlagError("authorization-mode Webhook's authorization config file not passed");
  if (policyFile && !modes.includes('ABAC')) throw new FlagError('cannot specify --authorization-policy-file without mode ABAC');
  if (webhookConfigFile && !modes.includes('Webhook')) throw new FlagError('cannot specify --authorization-webhook-config-file without mode Webhook');
  if (policyFile) config.policyFile = policyFile;
  if (webhookConfigFile) config.webhookConfigFile = webhookConfigFile;
  return config;
}
