import { describe, expect, it } from 'vitest';
import type { CelEngine } from '../cel-types.js';
import { createCelEngine } from './engine.js';
import { celMatchConditions } from './match-conditions.js';

const mc = celMatchConditions(createCelEngine(), { omit: ['params'] });
const vars = {
  object: { metadata: { name: 'web', labels: { env: 'prod' } } },
  oldObject: null,
  namespaceObject: null,
  request: { operation: 'CREATE', userInfo: { username: 'alice', groups: [] } },
};
const cond = (name: string, expression: string) => ({ name, expression });

describe('celMatchConditions', () => {
  it('matches when every condition is true', () => {
    expect(mc.evaluate([cond('a', 'object.metadata.name == "web"'), cond('b', 'request.operation == "CREATE"')], vars)).toEqual({
      matched: true,
    });
  });

  it('names the first false condition, even after an error', () => {
    const result = mc.evaluate([cond('broken', 'object.spec.x == 1'), cond('env', 'object.metadata.labels.env == "dev"')], vars);
    expect(result).toEqual({ matched: false, failedCondition: 'env' });
  });

  it('reports an evaluation error in kube words when nothing is false', () => {
    expect(mc.evaluate([cond('broken', 'object.spec.x == 1')], vars)).toEqual({
      error: "expression 'object.spec.x == 1' resulted in error: no such key: spec",
    });
  });

  it('joins several errors as an aggregate', () => {
    const result = mc.evaluate([cond('a', 'object.spec.x == 1'), cond('b', 'params.x == 1')], vars);
    expect(result.error).toMatch(
      /^\[expression 'object\.spec\.x == 1' resulted in error: no such key: spec, compilation error: compilation failed: ERROR: <input>:1:1: undeclared reference to 'params'/,
    );
  });

  it('refuses a condition that is not boolean at compile time', () => {
    expect(mc.compileError('object.metadata.name')).toBe('must evaluate to bool but got dyn');
    expect(mc.compileError('object.metadata.name == "x"')).toBeUndefined();
  });

  it('works with any CelEngine, treating a non-boolean result as an error', () => {
    const fake: CelEngine = { compile: (e) => ({ evaluate: () => (e === 'yes' ? true : 'nope') }) };
    const other = celMatchConditions(fake);
    expect(other.evaluate([cond('a', 'yes')], {})).toEqual({ matched: true });
    expect(other.evaluate([cond('a', 'no')], {})).toEqual({ error: "expression 'no' resulted in error: no such overload" });
  });
});
