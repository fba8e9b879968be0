import { describe, expect, it } from 'vitest';
import { FlagError, parseFlags } from './flags.js';

function parse(args: string[]) {
  const c = parseFlags(args);
  if (c === 'help') throw new Error('unexpected help');
  return c;
}

describe('parseFlags', () => {
  it("uses kube-apiserver's defaults for authentication", () => {
    const { auth } = parse([]);
    expect(auth).toEqual({
      anonymousAuth: true,
      serviceAccountKeyFiles: [],
      serviceAccountIssuers: ['https://kubernetes.default.svc.cluster.local'],
      serviceAccountLookup: true,
      apiAudiences: [],
      webhookCacheTTLSeconds: 120,
    });
  });

  it('reads repeatable and comma-separated list flags', () => {
    const { auth } = parse([
      '--service-account-key-file=a.pem,b.pem',
      '--service-account-key-file',
      'c.pem',
      '--api-audiences=api,vault',
      '--anonymous-auth=false',
    ]);
    expect(auth.serviceAccountKeyFiles).toEqual(['a.pem', 'b.pem', 'c.pem']);
    expect(auth.apiAudiences).toEqual(['api', 'vault']);
    expect(auth.anonymousAuth).toBe(false);
  });

  it('builds the OIDC and front-proxy settings', () => {
    const { auth } = parse([
      '--oidc-issuer-url=https://issuer.example',
      '--oidc-client-id=kube',
      '--oidc-required-claim=hd=example.com',
      '--oidc-groups-claim=groups',
      '--requestheader-client-ca-file=proxy-ca.crt',
      '--requestheader-allowed-names=front-proxy',
    ]);
    expect(auth.oidc).toMatchObject({ issuerURL: 'https://issuer.example', clientID: 'kube', usernameClaim: 'sub', requiredClaims: { hd: 'example.com' }, signingAlgs: ['RS256'] });
    expect(auth.requestHeader).toEqual({
      clientCAFile: 'proxy-ca.crt',
      allowedNames: ['front-proxy'],
      usernameHeaders: ['X-Remote-User'],
      uidHeaders: [],
      groupHeaders: ['X-Remote-Group'],
      extraHeaderPrefixes: ['X-Remote-Extra-'],
    });
  });

  it.each([
    [['--secure-port=99999'], 'invalid --secure-port "99999": must be an integer from 0 to 65535'],
    [['--anonymous-auth=maybe'], 'invalid --anonymous-auth "maybe": must be true or false'],
    [['--oidc-issuer-url=https://x'], '--oidc-client-id is required with --oidc-issuer-url'],
    [['--oidc-issuer-url=http://x', '--oidc-client-id=k'], '--oidc-issuer-url must use https: "http://x"'],
    [['--oidc-issuer-url=https://x', '--oidc-client-id=k', '--oidc-required-claim=nokey'], 'invalid --oidc-required-claim "nokey": use key=value'],
    [['--storage=etcd'], '--etcd-servers must be specified with --storage etcd'],
    [['--storage=bolt'], 'unknown --storage "bolt": supported: sqlite, memory, etcd'],
    [['--tls-cert-file=a.crt'], '--tls-cert-file and --tls-private-key-file must be given together'],
  ])('rejects %j with a clear message', (args, message) => {
    expect(() => parseFlags(args)).toThrow(new FlagError(message));
  });

  it("uses kube-apiserver's defaults for the authorization webhook", () => {
    const c = parse([]);
    expect(c.authorizationModes).toEqual(['RBAC']);
    expect(c.authorization).toEqual({ webhookVersion: 'v1', webhookCacheAuthorizedTTLSeconds: 300, webhookCacheUnauthorizedTTLSeconds: 30 });
  });

  it('reads the ABAC and Webhook modes with their files, version and cache TTLs', () => {
    const c = parse([
      '--authorization-mode=ABAC,Webhook',
      '--authorization-mode=RBAC',
      '--authorization-policy-file=abac.jsonl',
      '--authorization-webhook-config-file=authz.kubeconfig',
      '--authorization-webhook-version=v1beta1',
      '--authorization-webhook-cache-authorized-ttl=1m30s',
      '--authorization-webhook-cache-unauthorized-ttl=0',
    ]);
    expect(c.authorizationModes).toEqual(['ABAC', 'Webhook', 'RBAC']);
    expect(c.authorization).toEqual({
      policyFile: 'abac.jsonl',
      webhookConfigFile: 'authz.kubeconfig',
      webhookVersion: 'v1beta1',
      webhookCacheAuthorizedTTLSeconds: 90,
      webhookCacheUnauthorizedTTLSeconds: 0,
    });
  });

  it.each([
    [['--authorization-mode=ABAC,RBAC'], "authorization-mode ABAC's authorization policy file not passed"],
    [['--authorization-mode=Webhook'], "authorization-mode Webhook's authorization config file not passed"],
    [['--authorization-policy-file=abac.jsonl'], 'cannot specify --authorization-policy-file without mode ABAC'],
    [['--authorization-webhook-config-file=k'], 'cannot specify --authorization-webhook-config-file without mode Webhook'],
    [['--authorization-webhook-version=v2'], 'unsupported webhook authorizer version "v2", supported versions are "v1", "v1beta1"'],
    [['--authorization-webhook-cache-authorized-ttl=soon'], 'invalid --authorization-webhook-cache-authorized-ttl "soon": use a duration such as 2m or 30s'],
    [['--authorization-mode=Node,RBAC'], '--authorization-mode Node is not supported yet; supported: RBAC, ABAC, Webhook, AlwaysAllow, AlwaysDeny'],
    [['--authorization-mode=Magic'], 'unknown --authorization-mode "Magic": supported: RBAC, ABAC, Webhook, AlwaysAllow, AlwaysDeny'],
  ])('refuses authorization flags %j as kube-apiserver does', (args, message) => {
    expect(() => parseFlags(args)).toThrow(new FlagError(message));
  });

  it('answers help', () => {
    expect(parseFlags(['--help'])).toBe('help');
  });
});
