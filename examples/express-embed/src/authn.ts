/**
 * The app's authenticator, assembled from @apiserver-kit/authn the way kube-apiserver orders
 * its own: client certificates, then bearer tokens from a static token file; every user they
 * answer with gets `system:authenticated`; anonymous (when on) only when no credential was
 * presented. An invalid credential is a 401 and never falls through to anonymous.
 *
 * @example
 * const authn = appAuthenticator({ tokenFile: 'secret-token,alice,uid-1,"admins,dev"', anonymous: true });
 * app.use(authenticate(authn));
 */
import { type Authenticator, unionAuthenticators, unionFailOnError } from '@apiserver-kit/core';
import {
  anonymousAuthenticator,
  bearerAuthenticator,
  parseTokenFile,
  tokenFileAuthenticator,
  withAuthenticatedGroup,
  x509Authenticator,
} from '@apiserver-kit/authn';

export interface AuthnOptions {
  /** The text of a `--token-auth-file` CSV: `token,user,uid[,"group1,group2"]`. */
  tokenFile?: string;
  /** PEM CA bundle that client certificates must chain to (`--client-ca-file`). */
  clientCA?: string;
  /** Requests without any credential become `system:anonymous` (`--anonymous-auth`). */
  anonymous?: boolean;
  /** Told about skipped or duplicate token file lines (never the tokens themselves). */
  onWarning?: (message: string) => void;
}

export function appAuthenticator(options: AuthnOptions): Authenticator {
  const credentials: Authenticator[] = [];
  if (options.clientCA !== undefined) credentials.push(x509Authenticator({ ca: options.clientCA }));
  if (options.tokenFile !== undefined) {
    const file = parseTokenFile(options.tokenFile, 'tokenFile');
    for (const warning of file.warnings) options.onWarning?.(warning);
    credentials.push(bearerAuthenticator(tokenFileAuthenticator(file)));
  }
  const authenticated = withAuthenticatedGroup(unionAuthenticators(...credentials));
  return options.anonymous ? unionFailOnError(authenticated, anonymousAuthenticator()) : authenticated;
}
