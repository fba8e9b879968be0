/**
 * serviceaccounts/<name>/token (TokenRequest, `kubectl create token`): mints a bound
 * service-account token for the stored account, as kube-apiserver's TokenRequest REST does.
 */
import {
  type CreateSubresource,
  type FieldError,
  errors,
  fieldInvalid,
} from '@apiserver-kit/core';
import type { ServiceAccountIssuer } from '../serviceaccount/index.js';

export interface TokenRequestOptions {
  /** Audiences when the request names none (--api-audiences, by default the issuer). */
  apiAudiences: string[];
  /** Cap on expirationSeconds (--service-account-max-token-expiration); none by default. */
  maxExpirationSeconds?: number;
  now?: () => Date;
}

const minExpirationSeconds = 600;
const maxAllowedExpirationSeconds = 2 ** 32;

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

function validateSpec(spec: TokenRequestSpec): FieldError[] {
  const errs: FieldError[] = [];
  const exp = spec.expirationSeconds;
  if (exp !== undefined) {
    if (exp < minExpirationSeconds) {
      errs.push(fieldInvalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes'));
    } else if (exp > maxAllowedExpirationSeconds) {
      errs.push(fieldInvalid('spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds'));
    }
  }
  const ref = spec.boundObjectRef;
  if (ref && !['Pod', 'Secret', 'Node'].includes(ref.kind ?? '')) {
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.boundObjectRef.kind', badValue: ref.kind ?? '', detail: 'supported values: "Pod", "Secret", "Node"' });
  }
  return errs;
}

export function tokenRequestSubresource(issuer: ServiceAccountIssuer, options: TokenRequestOptions): CreateSubresource {
  const now = options.now ?? (() => new Date());
  return {
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    request: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
    async create({ body, parent, name, namespace, dryRun }) {
      const spec = (body.spec ?? {}) as TokenRequestSpec;
      const errs = validateSpec(spec);
      if (errs.length > 0) throw errors.invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, errs);
      const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : options.apiAudiences;
      let expirationSeconds = spec.expirationSeconds ?? 3600;
      if (options.maxExpirationSeconds !== undefined) expirationSeconds = Math.min(expirationSeconds, options.maxExpirationSeconds);
      const ref = spec.boundObjectRef;
      const bound = ref?.name && ref.uid ? { name: ref.name, uid: ref.uid } : undefined;
      const issued = dryRun
        ? { token: '', expirationTimestamp: new Date(now().getTime() + expirationSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') }
        : await issuer.issue({
            namespace,
            serviceAccount: { name, uid: parent.metadata.uid ?? '' },
            audiences,
            expirationSeconds,
            ...(bound && ref?.kind === 'Pod' ? { pod: bound } : {}),
            ...(bound && ref?.kind === 'Secret' ? { secret: bound } : {}),
          });
      return {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name, namespace, creationTimestamp: now().toISOString().replace(/\.\d{3}Z$/, 'Z') },
        spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
        status: { token: issued.token, expirationTimestamp: issued.expirationTimestamp },
      };
    },
  };
}
