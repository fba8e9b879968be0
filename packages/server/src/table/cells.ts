/**
 * Cell values for columns computed from JSON values, as the CustomResourceDefinition table
 * convertor renders them (apiextensions-apiserver tableconvertor.cellForJSONValue): the value
 * is coerced to the column type, a `date` becomes an age like "5m", anything that does not
 * fit the type becomes null (kubectl prints `<none>`).
 *
 * @example
 * cellForJSONValue('integer', 3.7, now);                     // 3
 * cellForJSONValue('date', '2024-01-01T00:00:00Z', now);      // e.g. "42d"
 * cellForJSONValue('string', { a: 1 }, now);                  // '{"a":1}'
 */
import { shortHumanDuration } from './duration.js';

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function cellForJSONValue(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      // JSONPath string columns print any value: scalars as text, objects and arrays as JSON.
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
    case 'date': {
      if (typeof value !== 'string') return null;
      const t = rfc3339.test(value) ? Date.parse(value) : NaN;
      if (Number.isNaN(t)) return '<invalid>';
      return shortHumanDuration(now.getTime() - t);
    }
    default:
      return null;
  }
}
