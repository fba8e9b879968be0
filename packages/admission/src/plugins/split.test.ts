import { describe, expect, it } from 'vitest';
import type { MutatingPlugin, ValidatingPlugin } from '@apiserver-kit/core';
import { type AdmissionPluginLike, splitPlugin } from './split.js';

const m: MutatingPlugin = { name: 'm', admit: async () => {} };
const v: ValidatingPlugin = { name: 'v', validate: async () => {} };

describe('splitPlugin', () => {
  it('splits mutating, validating, both-in-one and pairs', () => {
    expect(splitPlugin(m)).toEqual({ mutating: m });
    expect(splitPlugin(v)).toEqual({ validating: v });
    const both = { name: 'b', admit: async () => {}, validate: async () => {} };
    expect(splitPlugin(both)).toEqual({ mutating: both, validating: both });
    expect(splitPlugin({ mutating: m, validating: v })).toEqual({ mutating: m, validating: v });
  });

  it('refuses things that are not plugins', () => {
    expect(() => splitPlugin({} as AdmissionPluginLike)).toThrow('an admission plugin needs admit(), validate(), or { mutating, validating }');
    expect(() => splitPlugin(null as unknown as AdmissionPluginLike)).toThrow(TypeError);
  });
});
