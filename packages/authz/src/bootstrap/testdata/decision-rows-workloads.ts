/**
 * Decision rows for the machine and special-purpose grants of ./manifests: the CI deployer with
 * resourceNames, Prometheus on /metrics, on-call pod debugging, `*\/scale`, a custom aggregated
 * role with matchExpressions, namespace listing, a defaulted ServiceAccount namespace,
 * impersonation, bind, leader election, batch wildcards, health probes and dangling bindings.
 */
import { type DecisionRow, U, res, url } from './decision-row.js';

const DEP = 'RoleBinding staging/ci-deployer -> Role deployer (resourceNames web, api)';
const CIV = 'RoleBinding ci/ci-serviceaccounts-view names Group system:serviceaccounts:ci -> view';
const PROM = 'ClusterRoleBinding prometheus -> metrics-scraper';
const DBG = 'RoleBinding prod/oncall-debug -> ClusterRole pod-debugger';
const SCALE = 'ClusterRoleBinding autoscaler -> scale-anything (apiGroups *, resources */scale)';
const OBS = 'ClusterRoleBinding observers -> observer, aggregated from roles labelled example.com/observability in (read, full)';
const NSL = 'ClusterRoleBinding developers-list-namespaces -> namespace-lister';
const TLS = 'RoleBinding prod/ingress-tls: ServiceAccount ingress without namespace defaults to prod';
const IMP = 'ClusterRoleBinding helpdesk-impersonate -> impersonate-qa';
const RBM = 'RoleBinding team-a/lena-rbac -> ClusterRole rbac-manager';
const LE = 'RoleBinding kube-system/my-controller-leader-election -> Role leader-election';
const BATCH = 'RoleBinding team-b/data-eng-batch -> batch-all (resources *, verbs *)';
const PROBE = 'ClusterRoleBinding health-prober -> /healthz/*, /livez/*, /readyz/*';
const RBAC = 'rbac.authorization.k8s.io';
const COORD = 'coordination.k8s.io';

export const workloadRows: DecisionRow[] = [
  // CI deployer: resourceNames
  res(U.deployer, 'get', 'apps', 'deployments', 'staging', true, `${DEP}: web is listed`, 'web'),
  res(U.deployer, 'update', 'apps', 'deployments', 'staging', true, `${DEP}: api is listed`, 'api'),
  res(U.deployer, 'patch', 'apps', 'deployments', 'staging', true, `${DEP}: web is listed`, 'web'),
  res(U.deployer, 'update', 'apps', 'deployments', 'staging', false, 'worker is not in resourceNames', 'worker'),
  res(U.deployer, 'list', 'apps', 'deployments', 'staging', false, 'a rule with resourceNames never matches a request without a name (list)'),
  res(U.deployer, 'watch', 'apps', 'deployments', 'staging', false, 'a rule with resourceNames never matches a request without a name (watch)'),
  res(U.deployer, 'create', 'apps', 'deployments', 'staging', false, 'deployer has no create'),
  res(U.deployer, 'delete', 'apps', 'deployments', 'staging', false, 'deployer has no delete', 'web'),
  res(U.deployer, 'update', 'apps', 'deployments/scale', 'staging', true, `${DEP}: deployments/scale for web`, 'web'),
  res(U.deployer, 'update', 'apps', 'deployments/scale', 'staging', false, 'the scale rule names web only', 'api'),
  res(U.deployer, 'get', 'apps', 'deployments', 'prod', false, 'the Role and its binding are in staging only', 'web'),
  res(U.deployer, 'get', 'extensions', 'deployments', 'staging', false, 'the rule names apiGroup apps only', 'web'),
  res(U.deployer, 'get', '', 'configmaps', 'ci', true, `${CIV}: configmaps get`, 'c'),
  res(U.deployer, 'get', '', 'secrets', 'ci', false, 'view leaves out secrets', 's'),
  res(U.deployer, 'list', '', 'pods', 'ci', true, `${CIV}: pods list`),
  res(U.deployer, 'get', '', 'configmaps', 'staging', false, 'the ci group binding is in ci only', 'c'),
  res(U.deployer, 'create', 'authorization.k8s.io', 'selfsubjectaccessreviews', '', true, 'system:basic-user via system:authenticated'),
  res(U.runner, 'list', '', 'configmaps', 'ci', true, `${CIV}: every service account of ci`),
  res(U.runner, 'get', '', 'pods', 'ci', true, `${CIV}: pods get`, 'p'),
  res(U.runner, 'get', 'apps', 'deployments', 'staging', false, 'the deployer Role names ServiceAccount deployer, not runner', 'web'),

  // Prometheus
  url(U.prometheus, 'get', '/metrics', true, `${PROM}: /metrics`),
  url(U.prometheus, 'get', '/metrics/slis', true, `${PROM}: /metrics/* by prefix`),
  url(U.prometheus, 'get', '/metricsz', false, '"/metrics" is exact and "/metrics/*" needs the prefix "/metrics/"'),
  url(U.prometheus, 'post', '/metrics', false, 'metrics-scraper grants get only'),
  url(U.prometheus, 'get', '/healthz', true, 'system:discovery and system:public-info-viewer via system:authenticated'),
  res(U.prometheus, 'list', '', 'pods', '', true, `${PROM}: pods list cluster-wide`),
  res(U.prometheus, 'watch', '', 'endpoints', 'kube-system', true, `${PROM}: endpoints watch`),
  res(U.prometheus, 'list', '', 'services', '', true, `${PROM}: services list`),
  res(U.prometheus, 'get', '', 'nodes', '', true, `${PROM}: nodes get (cluster-scoped, ClusterRoleBinding)`, 'node-1'),
  res(U.prometheus, 'get', '', 'nodes/metrics', '', false, '"nodes" does not cover the nodes/metrics subresource', 'node-1'),
  res(U.prometheus, 'get', '', 'secrets', 'monitoring', false, 'metrics-scraper has no secrets', 's'),

  // on-call debugging in prod
  res(U.olga, 'get', '', 'pods', 'prod', true, `${DBG}: pods get`, 'web-0'),
  res(U.olga, 'list', '', 'pods', 'prod', true, `${DBG}: pods list`),
  res(U.olga, 'watch', '', 'pods', 'prod', false, 'pod-debugger grants get and list on pods, not watch'),
  res(U.olga, 'get', '', 'pods/log', 'prod', true, `${DBG}: pods/log get`, 'web-0'),
  res(U.olga, 'create', '', 'pods/exec', 'prod', true, `${DBG}: pods/exec create`, 'web-0'),
  res(U.olga, 'get', '', 'pods/exec', 'prod', false, 'pod-debugger grants create on pods/exec, not get', 'web-0'),
  res(U.olga, 'create', '', 'pods/portforward', 'prod', true, `${DBG}: pods/portforward create`, 'web-0'),
  res(U.olga, 'create', '', 'pods/attach', 'prod', false, 'pods/attach is not listed', 'web-0'),
  res(U.olga, 'delete', '', 'pods', 'prod', false, 'pod-debugger does not delete', 'web-0'),
  res(U.olga, 'get', '', 'pods', 'team-a', false, 'the binding is in prod only', 'web-0'),
  res(U.olga, 'list', '', 'pods', '', false, 'a RoleBinding to a ClusterRole does not grant across namespaces'),

  // */scale
  res(U.autoscaler, 'get', 'apps', 'deployments/scale', 'team-a', true, `${SCALE}`, 'web'),
  res(U.autoscaler, 'update', 'apps', 'replicasets/scale', 'prod', true, `${SCALE}`, 'rs'),
  res(U.autoscaler, 'patch', 'apps', 'statefulsets/scale', 'team-b', true, `${SCALE}`, 'db'),
  res(U.autoscaler, 'update', 'stable.example.com', 'crontabs/scale', 'team-a', true, `${SCALE}: any group`, 'c'),
  res(U.autoscaler, 'get', 'apps', 'deployments', 'team-a', false, '*/scale matches the scale subresource only', 'web'),
  res(U.autoscaler, 'update', 'apps', 'deployments/status', 'team-a', false, '*/scale does not match other subresources', 'web'),
  res(U.autoscaler, 'get', '', 'scale', 'team-a', false, '*/scale never matches a top-level resource, even one named scale', 'x'),
  res(U.autoscaler, 'delete', 'apps', 'deployments/scale', 'team-a', false, 'scale-anything grants get, update, patch', 'web'),

  // custom aggregation with matchExpressions
  res(U.oscar, 'get', '', 'pods/log', 'team-a', true, `${OBS}: obs-logs (read)`, 'web-0'),
  res(U.oscar, 'list', 'events.k8s.io', 'events', 'prod', true, `${OBS}: obs-events (full)`),
  res(U.oscar, 'list', '', 'events', 'prod', false, 'obs-events names events.k8s.io, not the core group'),
  res(U.oscar, 'get', '', 'secrets', 'prod', false, 'obs-secrets is labelled none, which the In selector excludes', 's'),
  res(U.oscar, 'get', '', 'pods', 'prod', false, 'obs-logs grants pods/log, not pods', 'web-0'),

  // namespace listing
  res(U.devon, 'list', '', 'namespaces', '', true, `${NSL}: namespaces list`),
  res(U.devon, 'watch', '', 'namespaces', '', true, `${NSL}: namespaces watch`),
  res(U.devon, 'get', '', 'namespaces', 'prod', true, `${NSL}: namespaces get`, 'prod'),
  res(U.devon, 'delete', '', 'namespaces', 'prod', false, 'namespace-lister reads only', 'prod'),
  res(U.devon, 'get', '', 'namespaces/status', 'prod', false, '"namespaces" does not cover namespaces/status', 'prod'),
  res(U.devon, 'get', '', 'configmaps', 'prod', false, 'namespace-lister grants namespaces only', 'c'),

  // a defaulted ServiceAccount namespace and resourceNames on secrets
  res(U.ingress, 'get', '', 'secrets', 'prod', true, `${TLS}; tls-cert is listed`, 'tls-cert'),
  res(U.ingress, 'get', '', 'secrets', 'prod', false, 'db-password is not in resourceNames', 'db-password'),
  res(U.ingress, 'list', '', 'secrets', 'prod', false, 'a rule with resourceNames never matches a list'),
  res(U.ingress, 'watch', '', 'secrets', 'prod', false, 'tls-reader grants get only', 'tls-cert'),
  res(U.ingress, 'update', '', 'secrets', 'prod', false, 'tls-reader grants get only', 'tls-cert'),
  res(U.ingress, 'get', '', 'secrets', 'staging', false, 'the binding is in prod only', 'tls-cert'),
  res(U.stagingIngress, 'get', '', 'secrets', 'prod', false, 'the defaulted subject is prod/ingress, not staging/ingress', 'tls-cert'),

  // impersonation
  res(U.helpdesk, 'impersonate', '', 'users', '', true, `${IMP}: users qa-bot`, 'qa-bot'),
  res(U.helpdesk, 'impersonate', '', 'users', '', false, 'admin is not in resourceNames', 'admin'),
  res(U.helpdesk, 'impersonate', '', 'groups', '', true, `${IMP}: groups qa`, 'qa'),
  res(U.helpdesk, 'impersonate', '', 'groups', '', false, 'system:masters is not in resourceNames', 'system:masters'),
  res(U.helpdesk, 'impersonate', '', 'serviceaccounts', 'ci', false, 'impersonate-qa has no serviceaccounts', 'deployer'),

  // rbac management and bind
  res(U.lena, 'create', RBAC, 'roles', 'team-a', true, `${RBM}: roles create`),
  res(U.lena, 'delete', RBAC, 'rolebindings', 'team-a', true, `${RBM}: rolebindings delete`, 'developers'),
  res(U.lena, 'list', RBAC, 'roles', 'team-b', false, 'the binding is in team-a only'),
  res(U.lena, 'bind', RBAC, 'clusterroles', 'team-a', true, `${RBM}: bind view, checked in the RoleBinding's namespace`, 'view'),
  res(U.lena, 'bind', RBAC, 'clusterroles', 'team-a', false, 'admin is not in resourceNames', 'admin'),
  res(U.lena, 'bind', RBAC, 'clusterroles', '', false, 'binding cluster-wide is cluster-scoped; a RoleBinding does not reach it', 'view'),
  res(U.lena, 'create', RBAC, 'clusterroles', '', false, 'rbac-manager does not create clusterroles'),
  res(U.lena, 'escalate', RBAC, 'roles', 'team-a', false, 'rbac-manager does not grant escalate', 'r'),
  res(U.lena, 'get', '', 'configmaps', 'team-a', false, 'rbac-manager grants rbac objects only', 'c'),

  // leader election
  res(U.controller, 'create', COORD, 'leases', 'kube-system', true, `${LE}: leases create`),
  res(U.controller, 'get', COORD, 'leases', 'kube-system', true, `${LE}: its own lease`, 'my-controller'),
  res(U.controller, 'update', COORD, 'leases', 'kube-system', true, `${LE}: its own lease`, 'my-controller'),
  res(U.controller, 'update', COORD, 'leases', 'kube-system', false, "another controller's lease is not in resourceNames", 'kube-scheduler'),
  res(U.controller, 'list', COORD, 'leases', 'kube-system', false, 'a rule with resourceNames never matches a list'),
  res(U.controller, 'create', '', 'events', 'kube-system', true, `${LE}: core events create`),
  res(U.controller, 'create', 'events.k8s.io', 'events', 'kube-system', false, 'the events rule names the core group only'),
  res(U.controller, 'get', COORD, 'leases', 'team-a', false, 'the Role is in kube-system only', 'my-controller'),

  // batch wildcards
  res(U.dan, 'create', 'batch', 'jobs', 'team-b', true, `${BATCH}`),
  res(U.dan, 'delete', 'batch', 'cronjobs', 'team-b', true, `${BATCH}`, 'nightly'),
  res(U.dan, 'update', 'batch', 'jobs/status', 'team-b', true, `${BATCH}: resources * matches subresources too`, 'j'),
  res(U.dan, 'deletecollection', 'batch', 'jobs', 'team-b', true, `${BATCH}`),
  res(U.dan, 'create', 'batch', 'jobs', 'team-a', false, 'the binding is in team-b only'),
  res(U.dan, 'list', 'batch', 'jobs', '', false, 'a RoleBinding does not grant across namespaces'),
  res(U.dan, 'get', '', 'pods', 'team-b', false, 'batch-all names the batch group only', 'p'),
  res(U.dan, 'get', 'apps', 'deployments', 'team-b', false, 'batch-all names the batch group only', 'web'),

  // health probes
  url(U.probe, 'get', '/healthz/etcd', true, `${PROBE}`),
  url(U.probe, 'get', '/livez/ping', true, `${PROBE}`),
  url(U.probe, 'get', '/readyz/informer-sync', true, `${PROBE}`),
  url(U.probe, 'get', '/readyz', true, 'system:public-info-viewer (the prober rules need a "/" after readyz)'),
  url(U.probe, 'get', '/metrics', false, 'health-prober has no /metrics'),
  url(U.probe, 'post', '/healthz/etcd', false, 'health-prober grants get only'),

  // dangling bindings
  res(U.eve, 'get', '', 'configmaps', 'team-a', false, 'RoleBinding eve-missing-role points at a Role that does not exist', 'c'),
  res(U.eve, 'get', '', 'pods', 'team-a', false, 'ClusterRoleBinding eve-missing-clusterrole points at a ClusterRole that does not exist', 'p'),
  res(U.eve, 'create', 'authorization.k8s.io', 'selfsubjectaccessreviews', '', true, 'system:basic-user via system:authenticated still applies'),
];
