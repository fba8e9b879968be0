/**
 * Label and field selectors: parsing with kube-apiserver's exact errors, matching, and the
 * canonical string form.
 *
 * @example
 * import { parseLabelSelector, parseFieldSelector } from './selectors/index.js';
 * const labels = parseLabelSelector('app=web,tier in (api,db)');
 * const fields = parseFieldSelector('metadata.namespace!=kube-system');
 */
export * from './types.js';
export * from './labels.js';
export * from './fields.js';
