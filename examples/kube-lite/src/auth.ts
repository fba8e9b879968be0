/**
 * kube-lite's authentication, assembled from @apiserver-kit/authn the way kube-apiserver
 * assembles its own from flags: x509 client certificates, the front proxy, bearer tokens (token
 * file, service accounts, OIDC, webhook — one cached union), then anonymous when allowed. Also
 * the service-account token issuer and the authentication endpoints it serves.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type Authenticator,
  type CreateSubresource,
  type ResourceRegistryLike,
  type VirtualResource,
} from './auth-types.js';
import {
  anonymousAuthenticator,
  bearerAuthenticator,
  cachedTokenAuthenticator,
  createServiceAccountIssuer,
  loadKeysFromPem,
  loadTokenFile,
  loadWebhookConfig,
  oidcAuthenticator,
  requestHeaderAuthenticator,
  requestHeaderNames,
  selfSubjectReviewResource,
  serviceAccountTokenAuthenticator,
  tokenFileAuthenticator,
  tokenRequestSubresource,
  tokenReviewResource,
  type TokenAuthenticator,
  unionTokenAuthenticators,
  webhookTokenAuthenticator,
  withAudiences,
  withAuthenticatedGroup,
  x509Authenticator,
} from '@apiserver-kit/authn';
import { hasReason, unionAuthenticators, unionFailOnError } from '@apiserver-kit/core';
import type { AuthConfig } from './flags.js';

export interface Authentication {
  authenticator: Authenticator;
  /** The headers removed after authentication (the front proxy's). */
  strip: { headers: string[]; prefixes: string[] };
  virtualResources: VirtualResource[];
  subresources: CreateSubresource[];
  apiAudiences: string[];
}

/** The service-account signing key: the flag's file, or one generated under the data dir. */
async function signingKey(cfg: AuthConfig, dataDir: string): Promise<string> {
  if (cfg.serviceAccountSigningKeyFile) return readFile(cfg.serviceAccountSigningKeyFile, 'utf8');
  const file = `${dataDir}/pki/sa.key`;
  try {
    return await readFile(file, 'utf8');
  } catch {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, pem, { mode: 0o600 });
    await chmod(file, 0o600);
    return pem;
  }
}

async function getOrNull(registry: () => ResourceRegistryLike, resource: string, ns: string, name: string) {
  const store = registry().store('', resource);
  if (!store) return null;
  try {
    return (await store.get(ns, name)).metadata;
  } catch (err) {
    if (hasReason(err, 'NotFound')) return null;
    throw err;
  }
}

export async function buildAuthentication(
  cfg: AuthConfig,
  opts: { dataDir: string; clientCaPem: string; registry: () => ResourceRegistryLike },
): Promise<Authentication> {
  const key = await signingKey(cfg, opts.dataDir);
  const issuer = createServiceAccountIssuer({ issuer: cfg.serviceAccountIssuers[0]!, signingKey: key });
  const apiAudiences = cfg.apiAudiences.length > 0 ? cfg.apiAudiences : [issuer.issuer];
  const verifyKeys = cfg.serviceAccountKeyFiles.length > 0
    ? (await Promise.all(cfg.serviceAccountKeyFiles.map((f) => readFile(f, 'utf8')))).flatMap((pem) => loadKeysFromPem(pem))
    : loadKeysFromPem(key);

  const tokens: TokenAuthenticator[] = [];
  if (cfg.tokenAuthFile) tokens.push(tokenFileAuthenticator(await loadTokenFile(cfg.tokenAuthFile)));
  tokens.push(
    serviceAccountTokenAuthenticator({
      issuers: cfg.serviceAccountIssuers,
      keys: verifyKeys,
      audiences: apiAudiences,
      ...(cfg.serviceAccountLookup
        ? {
            lookup: {
              getServiceAccount: (ns: string, name: string) => getOrNull(opts.registry, 'serviceaccounts', ns, name),
              getSecret: (ns: string, name: string) => getOrNull(opts.registry, 'secrets', ns, name),
            },
          }
        : {}),
    }),
  );
  if (cfg.oidc) {
    const o = cfg.oidc;
    tokens.push(
      oidcAuthenticator({
        issuerURL: o.issuerURL,
        clientID: o.clientID,
        usernameClaim: o.usernameClaim,
        ...(o.usernamePrefix !== undefined ? { usernamePrefix: o.usernamePrefix } : {}),
        ...(o.groupsClaim ? { groupsClaim: o.groupsClaim } : {}),
        ...(o.groupsPrefix !== undefined ? { groupsPrefix: o.groupsPrefix } : {}),
        requiredClaims: o.requiredClaims,
        algorithms: o.signingAlgs,
        ...(o.caFile ? { caPem: await readFile(o.caFile, 'utf8') } : {}),
      }),
    );
  }
  if (cfg.webhookConfigFile) {
    const webhook = webhookTokenAuthenticator(loadWebhookConfig(await readFile(cfg.webhookConfigFile, 'utf8'), { baseDir: dirname(cfg.webhookConfigFile) }));
    const ttl = cfg.webhookCacheTTLSeconds * 1000;
    tokens.push(ttl > 0 ? cachedTokenAuthenticator(webhook, { successTTL: ttl, failureTTL: ttl, cacheErrors: false }) : webhook);
  }
  // kube-apiserver caches the token union's successes for 10 s (--token-... defaults).
  const tokenUnion = unionTokenAuthenticators(...tokens);
  const cachedTokens = cachedTokenAuthenticator(tokenUnion, { successTTL: 10_000, failureTTL: 0 });

  const authenticators: Authenticator[] = [x509Authenticator({ ca: opts.clientCaPem })];
  let strip = { headers: [] as string[], prefixes: [] as string[] };
  if (cfg.requestHeader) {
    const rh = cfg.requestHeader;
    const names = { usernameHeaders: rh.usernameHeaders, uidHeaders: rh.uidHeaders, groupHeaders: rh.groupHeaders, extraHeaderPrefixes: rh.extraHeaderPrefixes };
    authenticators.unshift(
      requestHeaderAuthenticator({ clientCA: await readFile(rh.clientCAFile, 'utf8'), allowedNames: rh.allowedNames, ...names }),
    );
    strip = requestHeaderNames(names);
  }
  authenticators.push(withAudiences(bearerAuthenticator(cachedTokens, { audiences: apiAudiences }), apiAudiences));
  const authenticated = withAuthenticatedGroup(unionAuthenticators(...authenticators));
  const authenticator = cfg.anonymousAuth ? unionFailOnError(authenticated, anonymousAuthenticator()) : authenticated;
  return {
    authenticator,
    strip,
    apiAudiences,
    virtualResources: [selfSubjectReviewResource(), tokenReviewResource(tokenUnion, apiAudiences)],
    subresources: [tokenRequestSubresource(issuer, { apiAudiences })],
  };
}
