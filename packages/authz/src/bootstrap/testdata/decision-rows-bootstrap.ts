/**
 * Decision rows that follow from the bootstrap policy alone: cluster-admin for system:masters,
 * system:public-info-viewer for everyone, system:discovery and system:basic-user for
 * authenticated users, and what nobody gets without a binding.
 */
import { type DecisionRow, U, res, url } from './decision-row.js';

const CA = 'cluster-admin via system:masters: */*/* and nonResourceURLs *';
const PIV = 'system:public-info-viewer (bound to authenticated and unauthenticated) grants get on it';
const DISC = 'system:discovery (bound to system:authenticated) grants get on it';
const BASIC = 'system:basic-user (bound to system:authenticated) grants create on it';
const AUTHZ = 'authorization.k8s.io';
const AUTHN = 'authentication.k8s.io';
const RBAC = 'rbac.authorization.k8s.io';

export const bootstrapRows: DecisionRow[] = [
  // cluster-admin
  res(U.admin, 'get', '', 'pods', 'team-a', true, CA, 'web-0'),
  res(U.admin, 'delete', '', 'namespaces', 'prod', true, `${CA}; resources * covers namespaces`, 'prod'),
  res(U.admin, 'create', RBAC, 'clusterroles', '', true, `${CA}; apiGroups * covers rbac`),
  res(U.admin, 'list', '', 'secrets', '', true, `${CA}; a ClusterRoleBinding applies cluster-wide`),
  res(U.admin, 'create', '', 'pods/exec', 'prod', true, `${CA}; resources * also matches subresources`, 'web-0'),
  res(U.admin, 'impersonate', '', 'users', '', true, `${CA}; verbs * covers impersonate`, 'someone'),
  res(U.admin, 'escalate', RBAC, 'clusterroles', '', true, `${CA}; verbs * covers escalate`, 'admin'),
  res(U.admin, 'get', 'stable.example.com', 'crontabs', 'team-a', true, `${CA}; any group, even one no server serves`),
  url(U.admin, 'get', '/metrics', true, CA),
  url(U.admin, 'delete', '/anything/at/all', true, `${CA}; nonResourceURLs * with verbs *`),

  // anonymous: only the public info
  url(U.anonymous, 'get', '/healthz', true, PIV),
  url(U.anonymous, 'get', '/livez', true, PIV),
  url(U.anonymous, 'get', '/readyz', true, PIV),
  url(U.anonymous, 'get', '/version', true, PIV),
  url(U.anonymous, 'get', '/version/', true, `${PIV} (listed with and without the slash)`),
  url(U.anonymous, 'get', '/healthz/etcd', false, 'public-info-viewer lists /healthz exactly, no /healthz/*'),
  url(U.anonymous, 'get', '/api', false, 'system:discovery is bound to system:authenticated only'),
  url(U.anonymous, 'get', '/apis', false, 'system:discovery is bound to system:authenticated only'),
  url(U.anonymous, 'get', '/openapi/v2', false, 'system:discovery is bound to system:authenticated only'),
  url(U.anonymous, 'post', '/healthz', false, 'public-info-viewer grants get only'),
  res(U.anonymous, 'create', AUTHN, 'selfsubjectreviews', '', false, 'system:basic-user is bound to system:authenticated only'),
  res(U.anonymous, 'create', AUTHZ, 'selfsubjectaccessreviews', '', false, 'system:basic-user is bound to system:authenticated only'),
  res(U.anonymous, 'list', '', 'namespaces', '', false, 'no binding names system:anonymous or system:unauthenticated for resources'),
  res(U.anonymous, 'get', '', 'configmaps', 'team-a', false, 'no binding names system:anonymous or system:unauthenticated for resources'),

  // any authenticated user, no bindings of their own
  url(U.erin, 'get', '/api', true, DISC),
  url(U.erin, 'get', '/api/', true, `${DISC}: /api/* is a prefix match on "/api/"`),
  url(U.erin, 'get', '/api/v1', true, `${DISC}: /api/* matches by prefix`),
  url(U.erin, 'get', '/apis', true, DISC),
  url(U.erin, 'get', '/apis/apps/v1', true, `${DISC}: /apis/* matches by prefix`),
  url(U.erin, 'get', '/openapi', true, DISC),
  url(U.erin, 'get', '/openapi/v2', true, `${DISC} (/openapi/*)`),
  url(U.erin, 'get', '/openapi/v3/apis/apps/v1', true, `${DISC} (/openapi/*)`),
  url(U.erin, 'get', '/healthz', true, `${DISC} and ${PIV}`),
  url(U.erin, 'get', '/livez', true, DISC),
  url(U.erin, 'get', '/readyz', true, DISC),
  url(U.erin, 'get', '/version', true, DISC),
  url(U.erin, 'get', '/version/', true, DISC),
  url(U.erin, 'get', '/healthz/ping', false, 'discovery and public-info-viewer list /healthz exactly, no /healthz/*'),
  url(U.erin, 'get', '/livez/etcd', false, 'no rule lists /livez/*'),
  url(U.erin, 'get', '/apiextensions', false, '/api/* needs the prefix "/api/"; "/apiextensions" is neither that nor "/api"'),
  url(U.erin, 'get', '/metrics', false, 'system:monitoring is not in this bootstrap set and erin has no binding for /metrics'),
  url(U.erin, 'get', '/logs', false, 'no bootstrap rule lists /logs'),
  url(U.erin, 'post', '/api', false, 'system:discovery grants get only'),
  url(U.erin, 'put', '/version', false, 'system:discovery grants get only'),
  res(U.erin, 'create', AUTHZ, 'selfsubjectaccessreviews', '', true, BASIC),
  res(U.erin, 'create', AUTHZ, 'selfsubjectrulesreviews', '', true, BASIC),
  res(U.erin, 'create', AUTHN, 'selfsubjectreviews', '', true, BASIC),
  res(U.erin, 'get', AUTHZ, 'selfsubjectaccessreviews', '', false, 'system:basic-user grants create only'),
  res(U.erin, 'create', AUTHN, 'selfsubjectaccessreviews', '', false, 'selfsubjectaccessreviews is granted in authorization.k8s.io, not authentication.k8s.io'),
  res(U.erin, 'create', AUTHZ, 'subjectaccessreviews', '', false, 'system:auth-delegator is not bound to erin'),
  res(U.erin, 'create', AUTHN, 'tokenreviews', '', false, 'system:auth-delegator is not bound to erin'),
  res(U.erin, 'create', AUTHZ, 'localsubjectaccessreviews', 'team-a', false, 'only admin (system:aggregate-to-admin) grants localsubjectaccessreviews'),
  res(U.erin, 'list', '', 'namespaces', '', false, 'no bootstrap binding gives authenticated users namespaces'),
  res(U.erin, 'get', '', 'namespaces', 'team-a', false, 'no RoleBinding in team-a names erin', 'team-a'),
  res(U.erin, 'get', '', 'configmaps', 'team-a', false, 'no RoleBinding in team-a names erin'),
  res(U.erin, 'create', RBAC, 'clusterrolebindings', '', false, 'nothing grants rbac writes to authenticated users'),

  // the auth-delegator service account of an extension server / webhook
  res(U.webhook, 'create', AUTHN, 'tokenreviews', '', true, 'ClusterRoleBinding authz-webhook:system:auth-delegator -> system:auth-delegator'),
  res(U.webhook, 'create', AUTHZ, 'subjectaccessreviews', '', true, 'system:auth-delegator grants create subjectaccessreviews'),
  res(U.webhook, 'create', AUTHZ, 'localsubjectaccessreviews', 'webhooks', false, 'system:auth-delegator grants subjectaccessreviews, not the local ones'),
  res(U.webhook, 'get', AUTHN, 'tokenreviews', '', false, 'system:auth-delegator grants create only'),
  res(U.webhook, 'create', AUTHN, 'selfsubjectreviews', '', true, `${BASIC} (service accounts are authenticated)`),
  res(U.webhook, 'get', '', 'configmaps', 'webhooks', false, 'no binding gives the webhook configmaps, not even in its own namespace'),
];
