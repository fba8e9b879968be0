/**
 * Requests to resources without storage: create-only virtual resources (review APIs) and
 * create subresources of stored resources (serviceaccounts/<name>/token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ApiRequest,
  type CreateSubresource,
  type ResourceDefinition,
  type VirtualResource,
  Groups,
  Users,
  errors,
} from '@apiserver-kit/core';
import type { ResourceStore } from '../registry/store.js';
import { decodeTyped } from './decode.js';
import { negotiateRepresentation, send } from './output.js';
import { parseDryRun } from './query.js';

export interface VirtualCall {
  req: ApiRequest;
  raw: IncomingMessage;
  res: ServerResponse;
  maxBodyBytes: number;
}

function userOf(req: ApiRequest) {
  return req.user ?? { name: Users.anonymous, groups: [Groups.allUnauthenticated] };
}

export async function handleVirtual(c: VirtualCall, vr: VirtualResource): Promise<void> {
  const { info } = c.req;
  const def = vr.definition;
  if (info.name || info.subresource) throw errors.pathNotFound();
  if (def.namespaced !== (info.namespace !== '')) throw errors.pathNotFound();
  if (info.verb !== 'create') throw errors.methodNotSupported({ group: def.group, resource: def.plural }, info.verb);
  const rep = negotiateRepresentation(c.req);
  const dryRun = parseDryRun(c.req.query, 'CreateOptions');
  const body = await decodeTyped(c, def, info.apiVersion, true);
  const out = await vr.create({ req: c.req, user: userOf(c.req), body, namespace: info.namespace, dryRun });
  send(c.res, 201, out, rep);
}

export async function handleSubresource(c: VirtualCall, store: ResourceStore, sub: CreateSubresource): Promise<void> {
  const { info } = c.req;
  if (info.verb !== 'create') {
    throw errors.methodNotSupported({ group: store.def.group, resource: `${store.def.plural}/${info.subresource}` }, info.verb);
  }
  const rep = negotiateRepresentation(c.req);
  const dryRun = parseDryRun(c.req.query, 'CreateOptions');
  const namespace = store.def.namespaced ? info.namespace : '';
  const parent = await store.get(namespace, info.name);
  const requestDef: ResourceDefinition = {
    group: sub.request.group,
    versions: [sub.request.version],
    kind: sub.request.kind,
    plural: sub.subresource,
    namespaced: false,
  };
  const body = await decodeTyped(c, requestDef, sub.request.version, true);
  const out = await sub.create({ req: c.req, user: userOf(c.req), body, namespace, name: info.name, parent, dryRun });
  send(c.res, 201, out, rep);
}
