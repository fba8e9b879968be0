/**
 * Resource definitions shaped like a few of kube's, for discovery and OpenAPI tests.
 */
import { type ResourceDefinition, objectMetaSchema } from '@apiserver-kit/core';
import { z } from 'zod';

export const configMaps: ResourceDefinition = {
  group: '',
  versions: ['v1'],
  kind: 'ConfigMap',
  plural: 'configmaps',
  shortNames: ['cm'],
  namespaced: true,
  schema: z.object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: objectMetaSchema,
    data: z.record(z.string(), z.string()).optional(),
    binaryData: z.record(z.string(), z.string()).optional(),
    immutable: z.boolean().optional(),
  }),
};

export const namespaces: ResourceDefinition = {
  group: '',
  versions: ['v1'],
  kind: 'Namespace',
  plural: 'namespaces',
  shortNames: ['ns'],
  namespaced: false,
  subresources: { status: true },
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
};

export const leases: ResourceDefinition = {
  group: 'coordination.k8s.io',
  versions: ['v1'],
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
  schema: z.object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: objectMetaSchema,
    spec: z
      .object({
        holderIdentity: z.string().nullable().optional(),
        leaseDurationSeconds: z.number().int().optional(),
      })
      .optional(),
  }),
};

export const deployments: ResourceDefinition = {
  group: 'apps',
  versions: ['v1'],
  kind: 'Deployment',
  plural: 'deployments',
  shortNames: ['deploy'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
  mergeKeys: { 'spec.template.spec.containers': 'name', 'spec.template.spec.containers[].ports': 'containerPort' },
  schema: z.object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: objectMetaSchema,
    spec: z.object({
      replicas: z.number().int().optional(),
      template: z.object({
        spec: z.object({
          containers: z.array(
            z.object({
              name: z.string(),
              image: z.string().optional(),
              ports: z.array(z.object({ containerPort: z.number().int(), protocol: z.string().optional() })).optional(),
            }),
          ),
        }),
      }),
    }),
  }),
};

/** A custom group served in two versions; v1 is preferred (listed first). */
export const widgets: ResourceDefinition = {
  group: 'example.com',
  versions: ['v1', 'v1beta1'],
  kind: 'Widget',
  plural: 'widgets',
  singular: 'widget',
  shortNames: ['wd'],
  categories: ['all', 'toys'],
  namespaced: true,
  subresources: { status: true },
  schema: z.looseObject({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: objectMetaSchema,
    spec: z.object({ size: z.number().int().describe('How big the widget is.') }).optional(),
  }),
};

export const sampleDefinitions: ResourceDefinition[] = [configMaps, namespaces, leases, deployments, widgets];
