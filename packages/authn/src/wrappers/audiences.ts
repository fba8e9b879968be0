/**
 * `withAudiences`: kube's authentication filter audience check (`--api-audiences`). A result
 * that names the audiences its credential was valid for must share at least one with the
 * API's audiences, or the request is a 401. Results without audiences (client certificates,
 * static tokens — the implicit audience) pass, and so does everything when `apiAudiences` is
 * empty.
 *
 * @example
 * const authn = withAudiences(unionAuthenticators(x509, bearer), ['https://kubernetes.default.svc']);
 */
import { type Authenticator, errors } from '@apiserver-kit/core';

/** kube's audiencesAreAcceptable. */
export function audiencesAreAcceptable(apiAudiences: readonly string[], responseAudiences: readonly string[] | undefined): boolean {
  if (apiAudiences.length === 0 || !responseAudiences || responseAudiences.length === 0) return true;
  return responseAudiences.some((a) => apiAudiences.includes(a));
}

export function withAudiences(authenticator: Authenticator, apiAudiences: readonly string[]): Authenticator {
  if (apiAudiences.length === 0) return authenticator;
  const accepted = [...apiAudiences];
  return {
    name: authenticator.name ?? 'audiences',
    async authenticate(req) {
      const result = await authenticator.authenticate(req);
      if (!result) return null;
      if (!audiencesAreAcceptable(accepted, result.audiences)) {
        const err = errors.unauthorized();
        err.cause = new Error(`unable to match audience: ${JSON.stringify(result.audiences)}`);
        throw err;
      }
      return result;
    },
  };
}
