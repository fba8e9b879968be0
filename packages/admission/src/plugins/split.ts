/**
 * What a plugin factory (or the webhook server) may be given: a mutating plugin, a validating
 * plugin, one object that is both (kube's plugins often implement Admit and Validate), or an
 * explicit `{ mutating, validating }` pair. `splitPlugin` turns any of them into the pair.
 *
 * @example
 * splitPlugin(alwaysDeny()); // { mutating: alwaysDeny, validating: alwaysDeny }
 * splitPlugin({ validating: myCheck }); // { validating: myCheck }
 */
import type { MutatingPlugin, ValidatingPlugin } from '@apiserver-kit/core';

export interface PluginPair {
  mutating?: MutatingPlugin;
  validating?: ValidatingPlugin;
}

export type AdmissionPluginLike = MutatingPlugin | ValidatingPlugin | (MutatingPlugin & ValidatingPlugin) | PluginPair;

function hasMethod(value: object, method: string): boolean {
  return typeof (value as Record<string, unknown>)[method] === 'function';
}

/** The mutating and validating halves of `plugin`; throws a TypeError for anything else. */
export function splitPlugin(plugin: AdmissionPluginLike): PluginPair {
  if (typeof plugin !== 'object' || plugin === null) throw new TypeError('an admission plugin must be an object');
  const admits = hasMethod(plugin, 'admit');
  const validates = hasMethod(plugin, 'validate');
  if (admits || validates) {
    const pair: PluginPair = {};
    if (admits) pair.mutating = plugin as MutatingPlugin;
    if (validates) pair.validating = plugin as ValidatingPlugin;
    return pair;
  }
  const { mutating, validating } = plugin as PluginPair;
  if (mutating === undefined && validating === undefined)
    throw new TypeError('an admission plugin needs admit(), validate(), or { mutating, validating }');
  const pair: PluginPair = {};
  if (mutating) pair.mutating = mutating;
  if (validating) pair.validating = validating;
  return pair;
}
