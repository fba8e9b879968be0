import type { UserInfo } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import type { Subject } from './rbac-types.js';
import { appliesTo, describeSubject, firstApplyingSubject, subjectKey, subjectKeysOf } from './subjects.js';

const user = (name: string, groups: string[] = []): UserInfo => ({ name, groups });

// kube's pkg/registry/rbac/validation TestAppliesTo.
const cases: Array<{ name: string; subjects: Subject[]; user: UserInfo; namespace?: string; applies: boolean }> = [
  { name: 'single subject that matches username', subjects: [{ kind: 'User', name: 'foobar' }], user: user('foobar'), applies: true },
  {
    name: 'multiple subjects, one that matches username',
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'User', name: 'foobar' },
    ],
    user: user('foobar'),
    applies: true,
  },
  {
    name: 'multiple subjects, none that match username',
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'User', name: 'foobar' },
    ],
    user: user('zimzam'),
    applies: false,
  },
  {
    name: 'multiple subjects, one that matches a group, namespace ignored',
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'Group', name: 'foobar' },
    ],
    user: user('zimzam', ['foobar']),
    namespace: 'namespace1',
    applies: true,
  },
  {
    name: 'a service account subject with its own namespace',
    subjects: [
      { kind: 'User', name: 'barfoo' },
      { kind: 'ServiceAccount', namespace: 'kube-system', name: 'default' },
    ],
    user: user('system:serviceaccount:kube-system:default'),
    namespace: 'default',
    applies: true,
  },
  {
    name: 'a service account subject without namespace takes the binding namespace',
    subjects: [{ kind: 'ServiceAccount', name: 'ci' }],
    user: user('system:serviceaccount:dev:ci'),
    namespace: 'dev',
    applies: true,
  },
  {
    name: 'a service account subject without namespace does not match another namespace',
    subjects: [{ kind: 'ServiceAccount', name: 'ci' }],
    user: user('system:serviceaccount:prod:ci'),
    namespace: 'dev',
    applies: false,
  },
  {
    name: 'a service account subject without any namespace applies to nobody',
    subjects: [{ kind: 'ServiceAccount', name: 'ci' }],
    user: user('system:serviceaccount::ci'),
    applies: false,
  },
  { name: '* user subject name does not match all users', subjects: [{ kind: 'User', name: '*' }], user: user('foobar'), applies: false },
  { name: 'unknown subject kinds apply to nobody', subjects: [{ kind: 'Robot', name: 'foobar' }], user: user('foobar'), applies: false },
  {
    name: 'all authenticated and unauthenticated match an authenticated user',
    subjects: [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ],
    user: user('foobar', ['system:authenticated']),
    applies: true,
  },
  {
    name: 'all authenticated and unauthenticated match anonymous',
    subjects: [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ],
    user: user('system:anonymous', ['system:unauthenticated']),
    applies: true,
  },
];

describe('appliesTo', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(firstApplyingSubject(c.user, c.subjects, c.namespace ?? '') >= 0).toBe(c.applies);
    });
  }

  it('reports the first subject that applies', () => {
    const subjects: Subject[] = [
      { kind: 'Group', name: 'x' },
      { kind: 'Group', name: 'devs' },
      { kind: 'User', name: 'alice' },
    ];
    expect(firstApplyingSubject(user('alice', ['devs']), subjects, '')).toBe(1);
    expect(firstApplyingSubject(user('alice'), null, '')).toBe(-1);
  });
});

describe('subject keys', () => {
  const users = [
    user('alice', ['devs', 'system:authenticated']),
    user('system:serviceaccount:dev:ci', ['system:serviceaccounts']),
    user('system:serviceaccount:dev:a:b'),
    user('devs'),
  ];
  const subjects: Subject[] = [
    { kind: 'User', name: 'alice' },
    { kind: 'User', name: 'devs' },
    { kind: 'Group', name: 'devs' },
    { kind: 'Group', name: 'alice' },
    { kind: 'User', name: 'system:serviceaccount:dev:ci' },
    { kind: 'ServiceAccount', name: 'ci' },
    { kind: 'ServiceAccount', name: 'ci', namespace: 'dev' },
    { kind: 'ServiceAccount', name: 'ci', namespace: 'prod' },
    { kind: 'ServiceAccount', name: 'a:b', namespace: 'dev' },
    { kind: 'ServiceAccount', name: 'b', namespace: 'dev:a' },
    { kind: 'Robot', name: 'alice' },
  ];

  it('contain a subject key exactly when the subject applies, for every namespace', () => {
    for (const u of users)
      for (const s of subjects)
        for (const ns of ['', 'dev', 'prod']) {
          const key = subjectKey(s, ns);
          const indexed = key !== undefined && subjectKeysOf(u).includes(key);
          expect({ u: u.name, s, ns, indexed }).toEqual({ u: u.name, s, ns, indexed: appliesTo(u, s, ns) });
        }
  });

  it('name the user, the groups and the service account', () => {
    expect(subjectKeysOf(user('system:serviceaccount:dev:ci', ['g']))).toEqual([
      'User:system:serviceaccount:dev:ci',
      'Group:g',
      'ServiceAccount:dev:ci',
    ]);
  });
});

describe('describeSubject', () => {
  it('prints kinds and names as kube reasons do, service accounts as name/namespace', () => {
    expect(describeSubject({ kind: 'User', name: 'alice' }, '')).toBe('User "alice"');
    expect(describeSubject({ kind: 'Group', name: 'devs' }, 'x')).toBe('Group "devs"');
    expect(describeSubject({ kind: 'ServiceAccount', name: 'ci', namespace: 'dev' }, '')).toBe('ServiceAccount "ci/dev"');
    expect(describeSubject({ kind: 'ServiceAccount', name: 'ci' }, 'prod')).toBe('ServiceAccount "ci/prod"');
  });
});
