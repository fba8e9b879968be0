/**
 * The MutatingAdmissionWebhook plugin: calls the matching webhooks of the current
 * MutatingWebhookConfigurations one after another (configurations by name, webhooks in order),
 * applies each JSON Patch to the object in place, and re-runs once, as kube does, the webhooks
 * with reinvocationPolicy IfNeeded that ran before a later webhook changed the object.
 * failurePolicy Fail turns a failed call into a 500; Ignore skips the webhook.
 *
 * @example
 * const mutating = mutatingWebhooks({ source, namespaceLookup: (n) => namespaces.get(n) });
 * await mutating.admit(attrs); // attrs.object now carries the webhooks' patches
 */
import { type AdmissionAttributes, type MutatingPlugin, errors } from '@apiserver-kit/core';
import { callWebhook } from './call.js';
import { type ServiceResolver, defaultServiceResolver } from './client.js';
import { CallingWebhookError, failClosedError } from './errors.js';
import { type PreparedWebhook, PreparedWebhookCache } from './hooks.js';
import { applyWebhookPatch, replaceContents } from './patch.js';
import { type MutatingWebhookPluginOptions, exempt } from './plugin-options.js';
import { type MatchContext, matchContext, shouldCallHook } from './should-call.js';
import type { MutatingWebhook } from './types.js';

/** kube's webhookReinvokeContext, for one request. */
interface Reinvocation {
  /** IfNeeded webhooks called since the object last changed. */
  previouslyInvoked: Set<string>;
  /** Webhooks to call in the second round. */
  reinvoke: Set<string>;
  needed: boolean;
}

function toStatus(err: unknown) {
  return err instanceof CallingWebhookError ? failClosedError(err) : errors.toStatusError(err);
}

async function callMutating(
  p: PreparedWebhook<MutatingWebhook>,
  attrs: AdmissionAttributes,
  resolve: ServiceResolver,
  opts: MutatingWebhookPluginOptions,
): Promise<boolean> {
  const result = await callWebhook(p, attrs, true, resolve);
  if (!result.patch) return false;
  const outcome = applyWebhookPatch(p.hook.name, attrs.object, result.patch, result.patchType ?? '');
  if (!outcome) return false;
  replaceContents(attrs.object!, outcome.patched);
  opts.defaulter?.(attrs.object!, attrs);
  return outcome.changed;
}

async function round(
  hooks: PreparedWebhook<MutatingWebhook>[],
  attrs: AdmissionAttributes,
  second: boolean,
  state: Reinvocation,
  ctx: MatchContext,
  resolve: ServiceResolver,
  opts: MutatingWebhookPluginOptions,
): Promise<void> {
  for (const p of hooks) {
    if (!(await shouldCallHook(p, attrs, ctx))) continue;
    // A webhook skipped in the first round is never called for the first time in the second.
    if (second && !state.reinvoke.has(p.uid)) continue;
    let changed = false;
    let failure: unknown;
    try {
      changed = await callMutating(p, attrs, resolve, opts);
    } catch (err) {
      failure = err;
    }
    if (changed) {
      for (const uid of state.previouslyInvoked) state.reinvoke.add(uid);
      state.previouslyInvoked.clear();
      state.needed = true;
    }
    if (p.hook.reinvocationPolicy === 'IfNeeded') state.previouslyInvoked.add(p.uid);
    if (failure === undefined) continue;
    if (failure instanceof CallingWebhookError && p.hook.failurePolicy === 'Ignore') continue;
    throw toStatus(failure);
  }
}

/** The mutating webhook plugin (kube's MutatingAdmissionWebhook). */
export function mutatingWebhooks(opts: MutatingWebhookPluginOptions): MutatingPlugin {
  const cache = new PreparedWebhookCache<MutatingWebhook>(true);
  const resolve = opts.resolveService ?? defaultServiceResolver;
  return {
    name: 'MutatingAdmissionWebhook',
    async admit(attrs) {
      if (exempt(attrs, opts.source)) return;
      const hooks = cache.webhooks(await opts.source.mutating());
      if (hooks.length === 0) return;
      const ctx = matchContext(opts.namespaceLookup, opts.engine);
      const state: Reinvocation = { previouslyInvoked: new Set(), reinvoke: new Set(), needed: false };
      await round(hooks, attrs, false, state, ctx, resolve, opts);
      if (state.needed) await round(hooks, attrs, true, state, ctx, resolve, opts);
    },
  };
}
