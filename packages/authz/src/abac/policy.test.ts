import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbacPolicyError, abacPolicyFromObject, loadAbacPolicyFile, parseAbacPolicyFile } from './policy.js';

const v1 = (spec: object) => JSON.stringify({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec });

describe('parseAbacPolicyFile', () => {
  it('reads an empty file, a one-line file without a newline and a two-line file', () => {
    expect(parseAbacPolicyFile('')).toEqual([]);
    expect(parseAbacPolicyFile('{"user":"scheduler",  "readonly": true, "resource": "pods", "namespace":"ns1"}')).toHaveLength(1);
    expect(
      parseAbacPolicyFile('{"user":"scheduler",  "readonly": true, "resource": "pods"}\n{"user":"scheduler",  "readonly": true, "resource": "services"}\n'),
    ).toHaveLength(2);
  });

  it("reads kube's example policy file (the unversioned form)", () => {
    const example = [
      '{"user":"admin"}',
      '{"user":"scheduler", "readonly": true, "resource": "pods"}',
      '{"user":"scheduler", "resource": "bindings"}',
      '{"user":"kubelet",  "readonly": true, "resource": "pods"}',
      '{"user":"kubelet",  "readonly": true, "resource": "services"}',
      '{"user":"kubelet",  "readonly": true, "resource": "endpoints"}',
      '{"user":"kubelet", "resource": "events"}',
      '{"user":"alice", "namespace": "projectCaribou"}',
      '{"user":"bob", "readonly": true, "namespace": "projectCaribou"}',
    ].join('\n');
    const policies = parseAbacPolicyFile(`${example}\n`);
    expect(policies).toHaveLength(9);
    expect(policies[0]).toEqual({
      apiVersion: 'abac.authorization.kubernetes.io/v1beta1',
      kind: 'Policy',
      spec: { user: 'admin', apiGroup: '*', namespace: '*', resource: '*', nonResourcePath: '*' },
    });
    expect(policies[8]!.spec).toEqual({ user: 'bob', readonly: true, apiGroup: '*', namespace: 'projectCaribou', resource: '*' });
  });

  it('skips blank lines, whitespace-only lines and # comments, and counts lines from 1 for errors', () => {
    const text = `\n   \n  # Comment line, after a blank line\n${v1({ user: 'alice', namespace: '*', resource: '*', apiGroup: '*' })}\r\n{"user": 7}\n`;
    expect(() => parseAbacPolicyFile(text, '/etc/abac.jsonl')).toThrow(
      new AbacPolicyError('/etc/abac.jsonl', 5, '{"user": 7}', 'user must be a string'),
    );
    expect(parseAbacPolicyFile(text.replace('{"user": 7}', ''))).toHaveLength(1);
  });

  it("names the file, the line and its text in kube's words", () => {
    let err: unknown;
    try {
      parseAbacPolicyFile('{"user":"a"}\n{"user": "b", readonly}', 'policy.jsonl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AbacPolicyError);
    expect((err as AbacPolicyError).line).toBe(2);
    expect((err as Error).message).toMatch(/^error reading policy file policy\.jsonl, line 2: \{"user": "b", readonly\}: /);
  });

  it.each([
    ['[1,2]', 'a policy must be a JSON object'],
    ['"alice"', 'a policy must be a JSON object'],
    [v1({ readonly: 'yes' }), 'spec.readonly must be a boolean'],
    [v1({ user: ['a'] }), 'spec.user must be a string'],
    [JSON.stringify({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: 3 }), 'spec must be an object'],
    [JSON.stringify({ apiVersion: 'v1', kind: 'Pod', spec: {} }), 'no kind "Pod" is registered for version "v1"'],
    [JSON.stringify({ apiVersion: 'abac.authorization.kubernetes.io/v2', kind: 'Policy', spec: {} }), 'no kind "Policy" is registered for version "abac.authorization.kubernetes.io/v2"'],
  ])('refuses %s', (line, detail) => {
    expect(() => parseAbacPolicyFile(line, 'f')).toThrow(new AbacPolicyError('f', 1, line, detail));
  });

  it('ignores unknown fields, as kube decodes non-strictly', () => {
    expect(parseAbacPolicyFile(v1({ user: 'a', resource: 'pods', namespace: '*', apiGroup: '', verbs: ['get'] }))[0]!.spec).toEqual({
      user: 'a',
      resource: 'pods',
      namespace: '*',
    });
  });
});

describe('conversion to the v1beta1 form', () => {
  it('turns a * user or group into the system:authenticated group', () => {
    expect(abacPolicyFromObject({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: { user: '*', nonResourcePath: '/api' } }).spec).toEqual({
      group: 'system:authenticated',
      nonResourcePath: '/api',
    });
    expect(abacPolicyFromObject({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: { user: 'bob', group: '*' } }).spec).toEqual({
      group: 'system:authenticated',
    });
  });

  it('gives an unversioned policy without user or group to every authenticated user, over all groups', () => {
    expect(abacPolicyFromObject({ readonly: true, resource: 'events' }).spec).toEqual({
      group: 'system:authenticated',
      readonly: true,
      apiGroup: '*',
      namespace: '*',
      resource: 'events',
    });
  });

  it('accepts an explicit abac.authorization.kubernetes.io/v0 Policy', () => {
    expect(abacPolicyFromObject({ apiVersion: 'abac.authorization.kubernetes.io/v0', kind: 'Policy', user: 'x', namespace: 'n' }).spec).toEqual({
      user: 'x',
      apiGroup: '*',
      namespace: 'n',
      resource: '*',
    });
  });
});

describe('loadAbacPolicyFile', () => {
  it('reads a file and names it in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'abac-'));
    try {
      const file = join(dir, 'policy.jsonl');
      await writeFile(file, `${v1({ user: 'alice', namespace: '*', resource: '*', apiGroup: '*' })}\n`);
      expect(await loadAbacPolicyFile(file)).toHaveLength(1);
      await writeFile(file, 'not json\n');
      await expect(loadAbacPolicyFile(file)).rejects.toThrow(`error reading policy file ${file}, line 1: not json: `);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
