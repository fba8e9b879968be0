/**
 * The webhooks of the current configurations as the dispatcher uses them: configurations
 * sorted by name (kube runs mutating webhooks serially in that order), webhooks in their
 * configuration's order, each defaulted, with its selectors parsed and a uid
 * `<configuration>/<webhook>/<n>` (n counts repeated names) for reinvocation bookkeeping.
 * Prepared webhooks are cached per configuration (by uid and resourceVersion when the object
 * has them, otherwise by identity), so unchanged configurations are not re-parsed per request.
 */
import { type LabelSelector, type ObjectMeta, type StatusError, errors, isStatusError, labelSelectorFromMetaV1 } from '@apiserver-kit/core';
import { defaultedWebhook } from './defaults.js';
import type { MutatingWebhook, ValidatingWebhook } from './types.js';

export interface PreparedWebhook<H extends ValidatingWebhook | MutatingWebhook> {
  uid: string;
  configurationName: string;
  /** The webhook with kube's defaults filled in. */
  hook: H;
  /** The parsed selector, or the 500 kube answers (only when the rules match) for an unparsable one. */
  namespaceSelector: LabelSelector | StatusError;
  objectSelector: LabelSelector | StatusError;
}

interface Configuration<H> {
  metadata: ObjectMeta;
  webhooks?: H[] | null;
}

function parseSelector(sel: unknown): LabelSelector | StatusError {
  try {
    return labelSelectorFromMetaV1(sel as Parameters<typeof labelSelectorFromMetaV1>[0]);
  } catch (err) {
    return errors.internalError(isStatusError(err) ? new Error(err.status.message) : err);
  }
}

function prepareConfiguration<H extends ValidatingWebhook | MutatingWebhook>(config: Configuration<H>, mutating: boolean): PreparedWebhook<H>[] {
  const configurationName = config.metadata.name ?? '';
  const seen = new Map<string, number>();
  return (config.webhooks ?? []).map((raw) => {
    const hook = defaultedWebhook(raw, mutating);
    const n = seen.get(hook.name) ?? 0;
    seen.set(hook.name, n + 1);
    return {
      uid: `${configurationName}/${hook.name}/${n}`,
      configurationName,
      hook,
      namespaceSelector: parseSelector(hook.namespaceSelector),
      objectSelector: parseSelector(hook.objectSelector),
    };
  });
}

/** Prepares configurations into the ordered webhook list, reusing work for unchanged configurations. */
export class PreparedWebhookCache<H extends ValidatingWebhook | MutatingWebhook> {
  private byVersion = new Map<string, PreparedWebhook<H>[]>();
  private byIdentity = new WeakMap<object, PreparedWebhook<H>[]>();

  constructor(private readonly mutating: boolean) {}

  webhooks(configs: readonly Configuration<H>[]): PreparedWebhook<H>[] {
    const sorted = [...configs].sort((a, b) => {
      const x = a.metadata.name ?? '';
      const y = b.metadata.name ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const next = new Map<string, PreparedWebhook<H>[]>();
    const out: PreparedWebhook<H>[] = [];
    for (const config of sorted) {
      const { uid, resourceVersion, name } = config.metadata;
      const key = uid && resourceVersion ? `${name}\0${uid}\0${resourceVersion}` : undefined;
      let prepared = key ? this.byVersion.get(key) : this.byIdentity.get(config);
      if (!prepared) {
        prepared = prepareConfiguration(config, this.mutating);
        if (!key) this.byIdentity.set(config, prepared);
      }
      if (key) next.set(key, prepared);
      out.push(...prepared);
    }
    this.byVersion = next;
    return out;
  }
}
