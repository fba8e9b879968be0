/**
 * Descriptor tables for authentication.k8s.io/v1 (TokenRequest, TokenReview,
 * SelfSubjectReview) and authorization.k8s.io/v1 (the access and rules reviews). kubectl 1.32
 * sends these as protobuf from `create token`, `auth whoami` and `auth can-i`. Field numbers
 * are from the groups' generated.proto (checked against kubectl 1.32's embedded descriptors);
 * JSON names and omitempty/pointer flags follow types.go.
 *
 * @example
 * decodeMessage(bytes, TokenRequest, 'TokenRequest'); // { metadata: {}, spec: { audiences: ['a'] }, status: { token: '' } }
 */
import { ObjectMeta, SelectorRequirement } from './meta-v1.js';
import { field, list, map, message, nested, strings } from './schema.js';

const metadata = nested(1, 'metadata', ObjectMeta, { always: true });

// --- authentication.k8s.io/v1

const BoundObjectReference = message('BoundObjectReference', [
  field(1, 'kind', 'string'),
  field(2, 'apiVersion', 'string'),
  field(3, 'name', 'string'),
  field(4, 'uid', 'string'),
]);

const TokenRequestSpec = message('TokenRequestSpec', [
  strings(1, 'audiences'),
  field(4, 'expirationSeconds', 'int64', { ptr: true }),
  nested(3, 'boundObjectRef', BoundObjectReference, { ptr: true }),
]);

const TokenRequestStatus = message('TokenRequestStatus', [field(1, 'token', 'string', { always: true }), field(2, 'expirationTimestamp', 'time')]);

export const TokenRequest = message('TokenRequest', [
  metadata,
  nested(2, 'spec', TokenRequestSpec, { always: true }),
  nested(3, 'status', TokenRequestStatus, { always: true }),
]);

const UserInfo = message('UserInfo', [field(1, 'username', 'string'), field(2, 'uid', 'string'), strings(3, 'groups'), map(4, 'extra', 'stringList')]);

const TokenReviewSpec = message('TokenReviewSpec', [field(1, 'token', 'string'), strings(2, 'audiences')]);

const TokenReviewStatus = message('TokenReviewStatus', [
  field(1, 'authenticated', 'bool'),
  nested(2, 'user', UserInfo, { always: true }),
  strings(4, 'audiences'),
  field(3, 'error', 'string'),
]);

export const TokenReview = message('TokenReview', [
  metadata,
  nested(2, 'spec', TokenReviewSpec, { always: true }),
  nested(3, 'status', TokenReviewStatus, { always: true }),
]);

const SelfSubjectReviewStatus = message('SelfSubjectReviewStatus', [nested(1, 'userInfo', UserInfo, { always: true })]);

export const SelfSubjectReview = message('SelfSubjectReview', [metadata, nested(2, 'status', SelfSubjectReviewStatus, { always: true })]);

// --- authorization.k8s.io/v1

const SelectorAttributes = message('SelectorAttributes', [field(1, 'rawSelector', 'string'), list(2, 'requirements', SelectorRequirement)]);

const ResourceAttributes = message('ResourceAttributes', [
  field(1, 'namespace', 'string'),
  field(2, 'verb', 'string'),
  field(3, 'group', 'string'),
  field(4, 'version', 'string'),
  field(5, 'resource', 'string'),
  field(6, 'subresource', 'string'),
  field(7, 'name', 'string'),
  nested(8, 'fieldSelector', SelectorAttributes, { ptr: true }),
  nested(9, 'labelSelector', SelectorAttributes, { ptr: true }),
]);

const NonResourceAttributes = message('NonResourceAttributes', [field(1, 'path', 'string'), field(2, 'verb', 'string')]);

const SelfSubjectAccessReviewSpec = message('SelfSubjectAccessReviewSpec', [
  nested(1, 'resourceAttributes', ResourceAttributes, { ptr: true }),
  nested(2, 'nonResourceAttributes', NonResourceAttributes, { ptr: true }),
]);

const SubjectAccessReviewSpec = message('SubjectAccessReviewSpec', [
  nested(1, 'resourceAttributes', ResourceAttributes, { ptr: true }),
  nested(2, 'nonResourceAttributes', NonResourceAttributes, { ptr: true }),
  field(3, 'user', 'string'),
  strings(4, 'groups'),
  map(5, 'extra', 'stringList'),
  field(6, 'uid', 'string'),
]);

const SubjectAccessReviewStatus = message('SubjectAccessReviewStatus', [
  field(1, 'allowed', 'bool', { always: true }),
  field(4, 'denied', 'bool'),
  field(2, 'reason', 'string'),
  field(3, 'evaluationError', 'string'),
]);

export const SelfSubjectAccessReview = message('SelfSubjectAccessReview', [
  metadata,
  nested(2, 'spec', SelfSubjectAccessReviewSpec, { always: true }),
  nested(3, 'status', SubjectAccessReviewStatus, { always: true }),
]);

/** SubjectAccessReview and LocalSubjectAccessReview share this shape. */
export const SubjectAccessReview = message('SubjectAccessReview', [
  metadata,
  nested(2, 'spec', SubjectAccessReviewSpec, { always: true }),
  nested(3, 'status', SubjectAccessReviewStatus, { always: true }),
]);

const ResourceRule = message('ResourceRule', [strings(1, 'verbs'), strings(2, 'apiGroups'), strings(3, 'resources'), strings(4, 'resourceNames')]);

const NonResourceRule = message('NonResourceRule', [strings(1, 'verbs'), strings(2, 'nonResourceURLs')]);

const SubjectRulesReviewStatus = message('SubjectRulesReviewStatus', [
  list(1, 'resourceRules', ResourceRule),
  list(2, 'nonResourceRules', NonResourceRule),
  field(3, 'incomplete', 'bool', { always: true }),
  field(4, 'evaluationError', 'string'),
]);

export const SelfSubjectRulesReview = message('SelfSubjectRulesReview', [
  metadata,
  nested(2, 'spec', message('SelfSubjectRulesReviewSpec', [field(1, 'namespace', 'string')]), { always: true }),
  nested(3, 'status', SubjectRulesReviewStatus, { always: true }),
]);
