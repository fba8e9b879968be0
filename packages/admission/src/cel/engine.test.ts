import { describe, expect, it } from 'vitest';
import { createCelEngine } from './engine.js';
import { isCelCompilationError, isCelEvaluationError } from './errors.js';

const engine = createCelEngine();
const run = (expr: string, vars: Record<string, unknown> = {}) =>
  engine.compile(expr).evaluate({ object: null, oldObject: null, params: null, namespaceObject: null, ...vars });

function compileError(expr: string, opts = {}): string {
  try {
    engine.compile(expr, opts);
  } catch (err) {
    expect(isCelCompilationError(err)).toBe(true);
    return (err as Error).message;
  }
  throw new Error(`${expr} compiled`);
}

function evalError(expr: string, vars: Record<string, unknown> = {}): string {
  try {
    run(expr, vars);
  } catch (err) {
    expect(isCelEvaluationError(err)).toBe(true);
    return (err as Error).message;
  }
  throw new Error(`${expr} evaluated`);
}

const deployment = {
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 3, ratio: 0.5, containers: [{ name: 'a', image: 'r.io/a' }, { name: 'b', image: 'r.io/b', ports: [80] }] },
};

describe('createCelEngine: evaluation', () => {
  it.each([
    ['object.spec.containers.all(c, c.image.startsWith("r.io/"))', true],
    ['object.spec.containers.exists_one(c, has(c.ports))', true],
    ['object.spec.containers.map(c, c.name)', ['a', 'b']],
    ['object.spec.containers.filter(c, c.name == "b").size()', 1],
    ['object.spec.replicas / 2', 1],
    ['object.spec.ratio * 2.0', 1],
    ['object.spec.replicas < 3.5', true],
    ['type(object.spec.replicas) == int', true],
    ['has(object.metadata.annotations)', false],
    ['object.metadata.?annotations.orValue({}).size()', 0],
    ['oldObject == null', true],
    ['cel.bind(n, object.spec.replicas, n * n)', 9],
    ['object.metadata.labels.all(k, k == "app")', true],
  ])('%s evaluates to %j', (expr, want) => {
    expect(run(expr, { object: deployment })).toEqual(want);
  });

  it('reports an evaluation error instead of false', () => {
    expect(evalError('object.metadata.annotations.x == "y"', { object: deployment })).toBe('no such key: annotations');
    expect(evalError('oldObject.metadata.name == "x"')).toBe('no such key: metadata');
    expect(evalError('object.spec.containers[5].name == "x"', { object: deployment })).toBe("index '5' out of range in list size '2'");
    expect(evalError('1 / 0 == 0')).toBe('division by zero');
  });

  it('absorbs an error the other side of || decides', () => {
    expect(run('1 / 0 == 0 || true')).toBe(true);
    expect(run('false && 1 / 0 == 0')).toBe(false);
  });

  it('evaluates the typed request variable', () => {
    const request = { operation: 'CREATE', userInfo: { username: 'alice', groups: ['dev'] }, name: 'x', namespace: 'ns' };
    expect(run('request.userInfo.groups.exists(g, g == "dev") && request.operation == "CREATE"', { request })).toBe(true);
    expect(engine.compile('request.name').outputType).toBe('string');
  });

  it('evaluates an activation converted once like plain variables', () => {
    const act = engine.activation({ object: deployment, oldObject: null });
    expect(engine.compile('object.spec.replicas + 1').evaluate(act)).toBe(4);
  });
});

describe('createCelEngine: compile errors', () => {
  it('prints a syntax error as kube does, with the column and a caret', () => {
    expect(compileError('1 +')).toBe('compilation failed: ERROR: <input>:1:4: Syntax error: Unexpected token: EOF\n | 1 +\n | ...^');
  });

  it('reports an undeclared variable as cel-go does', () => {
    expect(compileError('objekt.x')).toBe(
      "compilation failed: ERROR: <input>:1:1: undeclared reference to 'objekt' (in container '')\n | objekt.x\n | ^",
    );
  });

  it('locates an error on a later line', () => {
    expect(compileError('true &&\n  nope')).toContain('ERROR: <input>:2:3: ');
  });

  it('rejects an unknown field of the typed request', () => {
    expect(compileError('request.nope == ""')).toContain("undefined field 'nope'");
  });

  it('checks the result type against the accepted types', () => {
    expect(compileError('object.spec.paused', { returnTypes: ['bool'] })).toBe('must evaluate to bool but got dyn');
    expect(compileError('1', { returnTypes: ['string', 'null_type'] })).toBe('must evaluate to one of [string null_type] but got int');
    expect(compileError('object.spec.containers.map(c, c.name)', { returnTypes: ['bool'] })).toBe(
      'must evaluate to bool but got list(dyn)',
    );
    expect(engine.compile('"a" + object.x', { returnTypes: ['string'] }).outputType).toBe('string');
  });

  it('leaves out an omitted variable', () => {
    expect(compileError('params.x == 1', { omit: ['params'] })).toContain("undeclared reference to 'params'");
  });

  it('does not offer authorizer', () => {
    expect(compileError('authorizer.group("").resource("pods").check("get").allowed()')).toContain(
      "undeclared reference to 'authorizer'",
    );
  });

  it('refuses an expression longer than the limit', () => {
    const small = createCelEngine({ maxExpressionLength: 5 });
    expect(() => small.compile('1 + 2 + 3')).toThrow('expression code point size exceeds limit: size: 9, limit 5');
  });
});

describe('createCelEngine: cache', () => {
  it('returns the same program for the same expression and options', () => {
    const e = createCelEngine();
    expect(e.compile('1 == 1')).toBe(e.compile('1 == 1'));
    expect(e.compile('1 == 1', { returnTypes: ['bool'] })).not.toBe(e.compile('1 == 1'));
  });

  it('keeps at most cacheSize programs, dropping the least recently used', () => {
    const e = createCelEngine({ cacheSize: 2 });
    const a = e.compile('1 == 1');
    e.compile('2 == 2');
    e.compile('1 == 1'); // a is now the most recent
    e.compile('3 == 3'); // drops 2 == 2
    expect(e.compile('1 == 1')).toBe(a);
  });

  it('caches a compile error too', () => {
    const e = createCelEngine();
    let first: unknown;
    let second: unknown;
    try {
      e.compile('1 +');
    } catch (err) {
      first = err;
    }
    try {
      e.compile('1 +');
    } catch (err) {
      second = err;
    }
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });
});

describe('createCelEngine: cost limit', () => {
  const big = Array.from({ length: 200 }, (_, i) => i);

  it('stops a pathological expression with cel-go\'s message', () => {
    const e = createCelEngine({ costLimit: 100_000 });
    const program = e.compile('object.all(a, object.all(b, object.all(c, a + b + c >= 0)))');
    let err: unknown;
    try {
      program.evaluate({ object: big });
    } catch (x) {
      err = x;
    }
    expect(isCelEvaluationError(err)).toBe(true);
    expect((err as Error).message).toBe('operation cancelled: actual cost limit exceeded');
  });

  it('does not let || absorb the cost error', () => {
    const e = createCelEngine({ costLimit: 10_000 });
    expect(() => e.compile('object.all(a, object.all(b, a + b >= 0)) || true').evaluate({ object: big })).toThrow(
      'actual cost limit exceeded',
    );
  });

  it('reports the cost of an evaluation within the limit', () => {
    const { value, cost } = engine.compile('object.all(a, a >= 0)').run({ object: big });
    expect(value).toBe(true);
    expect(cost).toBeGreaterThan(200);
    expect(cost).toBeLessThan(10_000);
  });
});
