/**
 * What the non-dry-run kubectl cases in capture.ts must decode to: the JSON a Go client
 * would send for the same object (minus nulls), written out by hand since `create token` and
 * `auth` have no `--dry-run`. Cases with `dryRun` are checked against kubectl's own JSON.
 */
export const expectedObjects: Record<string, Record<string, unknown>> = {
  token: {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {},
    spec: {
      audiences: ['a', 'b'],
      expirationSeconds: 3600,
      boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's', uid: '7e5a2c1e-0000-4000-8000-000000000001' },
    },
    status: { token: '' },
  },
  'can-i': {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec: { resourceAttributes: { namespace: 'foo', verb: 'create', resource: 'pods', subresource: 'log' } },
    status: { allowed: false },
  },
  'can-i-nonresource': {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec: { nonResourceAttributes: { path: '/logs', verb: 'get' } },
    status: { allowed: false },
  },
  'can-i-list': {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec: { namespace: 'foo' },
    status: { incomplete: false },
  },
  whoami: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {}, status: { userInfo: {} } },
};

/** Cases kubectl sends as protobuf that we do not decode, with the 400 message. */
export const expectedErrors: Record<string, string> = {
  deployment: 'protobuf is not supported for kind "Deployment" in version "apps/v1"; send application/json',
};
