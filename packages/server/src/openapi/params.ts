/**
 * The query and path parameters of kube's REST operations, in OpenAPI v3 form (inline, as
 * kube-apiserver's v3 documents carry them). kubectl looks for `fieldValidation` among a PATCH
 * operation's own parameters to decide whether the server validates fields itself
 * (k8s.io/cli-runtime resource.queryParamVerifierV3), so write operations must list it.
 */
import type { JsonSchema } from './meta.js';

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: { type: 'string' | 'boolean' | 'integer'; uniqueItems: true };
}

function query(name: string, type: 'string' | 'boolean' | 'integer', description: string): Parameter {
  return { description, in: 'query', name, schema: { type, uniqueItems: true } };
}

export function pathParameter(name: 'name' | 'namespace', kind: string): Parameter {
  const description = name === 'name' ? `name of the ${kind}` : 'object name and auth scope, such as for teams and projects';
  return { description, in: 'path', name, required: true, schema: { type: 'string', uniqueItems: true } };
}

const p = {
  allowWatchBookmarks: query('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag.'),
  continue: query('continue', 'string', 'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue).'),
  dryRun: query('dryRun', 'string', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed'),
  fieldManager: query('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types.'),
  fieldSelector: query('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  fieldValidation: query('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present.'),
  force: query('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately.'),
  ignoreStoreReadError: query('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.'),
  labelSelector: query('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  limit: query('limit', 'integer', 'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.'),
  orphanDependents: query('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned.'),
  pretty: query('pretty', 'string', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget)."),
  propagationPolicy: query('propagationPolicy', 'string', "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
  resourceVersion: query('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to unset'),
  resourceVersionMatch: query('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls. Defaults to unset'),
  sendInitialEvents: query('sendInitialEvents', 'boolean', '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection.'),
  timeoutSeconds: query('timeoutSeconds', 'integer', 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.'),
  watch: query('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.'),
};

const listing = [p.allowWatchBookmarks, p.continue, p.fieldSelector, p.labelSelector, p.limit, p.resourceVersion, p.resourceVersionMatch, p.sendInitialEvents, p.timeoutSeconds, p.watch];

/** Parameters of each operation kind, in kube's (alphabetical) order. */
export const operationParameters = {
  pathLevel: [p.pretty],
  list: listing,
  watch: listing,
  create: [p.dryRun, p.fieldManager, p.fieldValidation],
  update: [p.dryRun, p.fieldManager, p.fieldValidation],
  patch: [p.dryRun, p.fieldManager, p.fieldValidation, p.force],
  delete: [p.dryRun, p.gracePeriodSeconds, p.ignoreStoreReadError, p.orphanDependents, p.propagationPolicy],
  deletecollection: [
    p.continue,
    p.dryRun,
    p.fieldSelector,
    p.gracePeriodSeconds,
    p.ignoreStoreReadError,
    p.labelSelector,
    p.limit,
    p.orphanDependents,
    p.propagationPolicy,
    p.resourceVersion,
    p.resourceVersionMatch,
    p.sendInitialEvents,
    p.timeoutSeconds,
  ],
  read: [] as Parameter[],
} satisfies Record<string, Parameter[]>;

/** Parameters as plain JSON (copies, so documents never share objects). */
export function parametersJson(list: readonly Parameter[]): JsonSchema[] {
  return list.map((x) => structuredClone(x) as unknown as JsonSchema);
}
