/**
 * Go's formatting and ordering, where kube-apiserver's messages depend on them: %q quoting,
 * %#v of string slices, byte-order string comparison, utilerrors' aggregate message. Shared by
 * every block that reproduces a kube message.
 *
 * @example
 * goQuote('a"b');                  // "a\"b"
 * goQuoteList(['a', 'b']);         // ["a" "b"]
 * aggregateMessage(['x', 'y']);    // [x, y]
 */

const isPrint = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const shortEscapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Go's %q (strconv.Quote) for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (isPrint.test(ch)) out += ch;
    else if (shortEscapes[ch]) out += shortEscapes[ch];
    else {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** Go's %q of a []string: `["a" "b"]`. */
export function goQuoteList(values: readonly string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}

/** Go's %#v of a []string (or a named string type): `[]string{"a", "b"}`, `[]string(nil)` when absent. */
export function goStringSlice(values: readonly string[] | null | undefined, type = 'string'): string {
  if (values === null || values === undefined) return `[]${type}(nil)`;
  return `[]${type}{${values.map(goQuote).join(', ')}}`;
}

/** Go's string ordering (UTF-8 bytes, i.e. code points), for sort comparators. */
export function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** A field.Error of type Invalid as Go prints it (`path: Invalid value: "v": detail`). */
export function invalidError(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${value}: ${detail}`;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several deduplicated inside brackets. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length === 0) return '';
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64); null when it would fail. */
export function parseInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  return v < int64Min || v > int64Max ? null : v;
}
