/**
 * Test helper: the value at a path of plain JSON — dot-separated, or an array of keys when a
 * key itself contains dots (`['/apis/example.com/v1', 'get']`).
 */
export function dig(value: unknown, path: string | readonly string[]): unknown {
  let node = value;
  const keys = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
