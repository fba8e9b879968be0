/**
 * Options the two webhook plugins share, and the checks every request starts with: admission
 * configuration resources are exempt, and a source that has not synced refuses requests with
 * kube's `not yet ready to handle request`.
 */
import { type AdmissionAttributes, type ApiObject, errors } from '@apiserver-kit/core';
import type { CelEngine } from '../cel-types.js';
import type { ServiceResolver } from './client.js';
import { isExemptConfigurationResource, type NamespaceLookup } from './matching.js';
import type { WebhookConfigSource } from './source.js';

export interface WebhookPluginOptions {
  /** The current configurations; read on every request. */
  source: WebhookConfigSource;
  /** The namespace object by name, for namespaceSelectors (undefined when it does not exist: 404). */
  namespaceLookup: NamespaceLookup;
  /** Evaluates matchConditions; without one a webhook with matchConditions fails per its failurePolicy. */
  engine?: CelEngine;
  /** Turns a clientConfig.service into a URL; by default every service webhook call fails. */
  resolveService?: ServiceResolver;
}

export interface MutatingWebhookPluginOptions extends WebhookPluginOptions {
  /** Re-applies the resource's defaults after a webhook patched an object (kube's defaulter). */
  defaulter?(obj: ApiObject, attrs: AdmissionAttributes): void;
}

/** True when the request skips webhooks altogether; throws when the source is not ready. */
export function exempt(attrs: AdmissionAttributes, source: WebhookConfigSource): boolean {
  if (isExemptConfigurationResource(attrs)) return true;
  if (source.ready && !source.ready()) {
    throw errors.forbidden({ group: attrs.resource.group, resource: attrs.resource.resource }, attrs.name, 'not yet ready to handle request');
  }
  return false;
}
