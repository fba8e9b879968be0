import { type StatusError, isStatusError } from '@apiserver-kit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CelEngine } from '../cel-types.js';
import { evaluateMatchConditions, noEngineMessage } from './match-conditions.js';
import { memoryWebhookConfigSource } from './source.js';
import { attrsFor, configMap, namespaceLookup, validatingConfig, validatingHook } from './testdata/fixtures.js';
import { type WebhookServer, startWebhookServer } from './testdata/webhook-server.js';
import type { ValidatingWebhook } from './types.js';
import { validatingWebhooks } from './validating.js';

/** A fake CEL engine: expressions name JS functions; `syntax error` fails to compile. */
function fakeEngine(seen: Array<Record<string, unknown>> = []): CelEngine {
  const programs: Record<string, (vars: Record<string, unknown>) => unknown> = {
    yes: () => true,
    no: () => false,
    isCreate: (v) => (v.request as { operation: string }).operation === 'CREATE',
    hasTeam: (v) => Boolean((v.object as { metadata?: { labels?: Record<string, string> } } | null)?.metadata?.labels?.team),
    boom: () => {
      throw new Error('no such key: spec');
    },
    number: () => 42,
  };
  return {
    compile(expression) {
      const fn = programs[expression];
      if (!fn) throw new Error(`ERROR: <input>:1:1: Syntax error: ${expression}`);
      return {
        evaluate(vars) {
          seen.push(vars);
          return fn(vars);
        },
      };
    },
  };
}

const conds = (...expressions: string[]) => expressions.map((expression, i) => ({ name: `c${i}`, expression }));

describe('evaluateMatchConditions', () => {
  const engine = fakeEngine();
  it('matches when all conditions are true and skips when any is false, even beside an error', () => {
    expect(evaluateMatchConditions(conds('yes', 'yes'), engine, {}, 'Fail')).toEqual({ matches: true });
    expect(evaluateMatchConditions(conds('yes', 'no'), engine, {}, 'Fail')).toEqual({ matches: false });
    expect(evaluateMatchConditions(conds('boom', 'no'), engine, {}, 'Fail')).toEqual({ matches: false });
  });

  it("reports errors kube's way under Fail and skips under Ignore", () => {
    expect(evaluateMatchConditions(conds('boom'), engine, {}, 'Fail')).toEqual({
      matches: false,
      error: "expression 'boom' resulted in error: no such key: spec",
    });
    expect(evaluateMatchConditions(conds('boom', 'syntax error', 'number'), engine, {}, 'Fail').error).toBe(
      "[expression 'boom' resulted in error: no such key: spec, compilation error: ERROR: <input>:1:1: Syntax error: syntax error, expression 'number' resulted in error: expected a bool result, got int]",
    );
    expect(evaluateMatchConditions(conds('boom'), engine, {}, 'Ignore')).toEqual({ matches: false });
  });

  it('treats a missing engine as a configuration error under the failure policy', () => {
    expect(evaluateMatchConditions(conds('yes'), undefined, {}, 'Fail')).toEqual({ matches: false, error: noEngineMessage });
    expect(evaluateMatchConditions(conds('yes'), undefined, {}, 'Ignore')).toEqual({ matches: false });
  });
});

describe('matchConditions in the webhook plugins', () => {
  let server: WebhookServer;
  beforeAll(async () => {
    server = await startWebhookServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
  });

  const setup = (engine: CelEngine | undefined, extra: Partial<ValidatingWebhook>) => {
    const source = memoryWebhookConfigSource([validatingConfig('policy', [validatingHook('cel.example.com', server.url('/cel'), server.caBundle, extra)])]);
    return validatingWebhooks({ source, namespaceLookup, ...(engine ? { engine } : {}) });
  };

  async function rejection(p: Promise<unknown>): Promise<StatusError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isStatusError(err)) throw new Error(`expected a StatusError, got ${String(err)}`);
    return err;
  }

  it('calls the webhook only when the conditions hold, with object, oldObject and request as variables', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const plugin = setup(fakeEngine(seen), { matchConditions: conds('isCreate', 'hasTeam') });
    await plugin.validate(attrsFor(configMap('a', 'dev', { team: 'x' })));
    await plugin.validate(attrsFor(configMap('b', 'dev', {})));
    await plugin.validate(attrsFor(configMap('c', 'dev', { team: 'x' }), { operation: 'UPDATE', oldObject: configMap('c') }));
    expect(server.seen.map((s) => s.request.name)).toEqual(['a']);
    expect(seen[0]).toMatchObject({
      object: configMap('a', 'dev', { team: 'x' }),
      oldObject: null,
      request: { operation: 'CREATE', name: 'a', namespace: 'dev', userInfo: { username: 'jane' }, kind: { kind: 'ConfigMap' } },
    });
    expect(seen[0]!.request).not.toHaveProperty('object');
  });

  it('rejects with 403 Forbidden when a condition errors and failurePolicy is Fail', async () => {
    const plugin = setup(fakeEngine(), { matchConditions: conds('boom') });
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: `configmaps "cfg" is forbidden: expression 'boom' resulted in error: no such key: spec`,
    });
    expect(server.seen).toHaveLength(0);
  });

  it('skips the webhook when a condition errors and failurePolicy is Ignore', async () => {
    const plugin = setup(fakeEngine(), { matchConditions: conds('boom'), failurePolicy: 'Ignore' });
    await plugin.validate(attrsFor(configMap()));
    expect(server.seen).toHaveLength(0);
  });

  it('without a CEL engine, rejects (Fail) or skips (Ignore) webhooks that have matchConditions', async () => {
    const err = await rejection(setup(undefined, { matchConditions: conds('yes') }).validate(attrsFor(configMap())));
    expect(err.status).toMatchObject({ code: 403, message: `configmaps "cfg" is forbidden: ${noEngineMessage}` });
    await setup(undefined, { matchConditions: conds('yes'), failurePolicy: 'Ignore' }).validate(attrsFor(configMap()));
    expect(server.seen).toHaveLength(0);
    await setup(undefined, {}).validate(attrsFor(configMap()));
    expect(server.seen).toHaveLength(1);
  });
});
