/**
 * OpenAPI documents for a set of resource definitions, as kube-apiserver publishes them:
 *
 * - `/openapi/v2`: Swagger 2.0 for the whole server, as JSON or gnostic protobuf (kubectl asks
 *   for protobuf and needs it for --validate and apply's fallbacks).
 * - `/openapi/v3`: the index `{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}`.
 * - `/openapi/v3/api/v1`, `/openapi/v3/apis/<g>/<v>`: one OpenAPI 3.0 document per group-version,
 *   with immutable caching when the `hash` matches and a 301 to the current hash otherwise.
 *
 * Schemas come from each definition's zod schema (`z.toJSONSchema`, OpenAPI 3.0 target), with
 * a permissive `x-kubernetes-preserve-unknown-fields` object when there is none. PATCH
 * operations list `fieldValidation` and `dryRun`, so kubectl relies on server-side field
 * validation, and the patch types the server accepts.
 *
 * @example
 * const openapi = buildOpenApi(registry.definitions, { strategicMergePatch: (d) => builtin(d) });
 * const answer = openapi.serve('/openapi/v3/api/v1', 'application/json', undefined, new URLSearchParams('hash=...'));
 * if (answer) { res.writeHead(answer.status, answer.headers); res.end(answer.body); }
 */
export { buildOpenApi, protobufV2, type OpenApi, type OpenApiResponse } from './serve.js';
export { type OpenApiOptions, type GroupVersionDocument, groupVersionDocuments, v3Root, contentHash } from './v3.js';
export { swaggerDocument, schemaToV2 } from './v2.js';
export { encodeSwaggerProto } from './protobuf.js';
export { kindSchemas, type KindSchemas } from './schema.js';
export { resourcePaths, groupVersionPrefix, patchContentTypes } from './paths.js';
export { definitionName, definitionPackage, isKubernetesGroup, operationGroup, operationTag, groupCamel } from './names.js';
export type { JsonSchema } from './meta.js';
