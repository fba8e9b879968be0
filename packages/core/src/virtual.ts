/**
 * Resources without storage, answered by a handler: create-only review APIs (TokenReview,
 * SelfSubjectReview, SubjectAccessReview...) and subresources such as serviceaccounts/token.
 * Blocks implement these; the server routes to them, decodes the body and encodes the answer.
 *
 * @example
 * const whoami: VirtualResource = {
 *   definition: { group: 'authentication.k8s.io', versions: ['v1'], kind: 'SelfSubjectReview',
 *     plural: 'selfsubjectreviews', namespaced: false, verbs: ['create'] },
 *   async create({ user }) { return { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview',
 *     metadata: {}, status: { userInfo: { username: user.name, groups: user.groups } } }; },
 * };
 */
import type { ApiObject } from './objects.js';
import type { ApiRequest } from './request.js';
import type { ResourceDefinition } from './resource.js';
import type { UserInfo } from './user.js';

export interface VirtualCreateContext {
  req: ApiRequest;
  user: UserInfo;
  /** The decoded body, type meta already checked against the resource. */
  body: ApiObject;
  namespace: string;
  dryRun: boolean;
}

export interface VirtualResource {
  /** Served with `verbs: ['create']` (discovery lists it like any resource). */
  definition: ResourceDefinition;
  /** The object answered with 201 Created. */
  create(ctx: VirtualCreateContext): Promise<ApiObject>;
}

export interface SubresourceCreateContext extends VirtualCreateContext {
  /** The name in the URL (the parent's). */
  name: string;
  /** The stored parent object (it exists: the server answers 404 otherwise). */
  parent: ApiObject;
}

/** A create-only subresource of a stored resource, e.g. POST serviceaccounts/<name>/token. */
export interface CreateSubresource {
  group: string;
  resource: string;
  subresource: string;
  /** The kind of the request and response bodies. */
  request: { group: string; version: string; kind: string };
  create(ctx: SubresourceCreateContext): Promise<ApiObject>;
}
