/**
 * The ValidatingAdmissionWebhook plugin: finds the matching webhooks of the current
 * ValidatingWebhookConfigurations, calls them all at once, and rejects the request with the
 * first error to arrive (a denial, a 400 dry-run refusal, or under failurePolicy Fail a 500 for a
 * failed call; Ignore skips a failed call). Matching errors (a missing namespace, a failing
 * matchCondition) reject the request before any webhook is called.
 *
 * @example
 * const validating = validatingWebhooks({ source, namespaceLookup: (n) => namespaces.get(n) });
 * await validating.validate(attrs); // throws the webhook's StatusError on denial
 */
import { type StatusError, type ValidatingPlugin, errors } from '@apiserver-kit/core';
import { callWebhook } from './call.js';
import { defaultServiceResolver } from './client.js';
import { CallingWebhookError, failClosedError } from './errors.js';
import { type PreparedWebhook, PreparedWebhookCache } from './hooks.js';
import { type WebhookPluginOptions, exempt } from './plugin-options.js';
import { matchContext, shouldCallHook } from './should-call.js';
import type { ValidatingWebhook } from './types.js';

/** The validating webhook plugin (kube's ValidatingAdmissionWebhook). */
export function validatingWebhooks(opts: WebhookPluginOptions): ValidatingPlugin {
  const cache = new PreparedWebhookCache<ValidatingWebhook>(false);
  const resolve = opts.resolveService ?? defaultServiceResolver;
  return {
    name: 'ValidatingAdmissionWebhook',
    async validate(attrs) {
      if (exempt(attrs, opts.source)) return;
      const hooks = cache.webhooks(await opts.source.validating());
      if (hooks.length === 0) return;
      const ctx = matchContext(opts.namespaceLookup, opts.engine);
      const relevant: PreparedWebhook<ValidatingWebhook>[] = [];
      for (const p of hooks) if (await shouldCallHook(p, attrs, ctx)) relevant.push(p);
      if (relevant.length === 0) return;
      // Errors in the order they arrive; the first one is the answer (kube's errCh).
      const failures: StatusError[] = [];
      await Promise.all(
        relevant.map(async (p) => {
          try {
            await callWebhook(p, attrs, false, resolve);
          } catch (err) {
            if (err instanceof CallingWebhookError) {
              if (p.hook.failurePolicy !== 'Ignore') failures.push(failClosedError(err));
            } else failures.push(errors.toStatusError(err));
          }
        }),
      );
      if (failures.length > 0) throw failures[0];
    },
  };
}
