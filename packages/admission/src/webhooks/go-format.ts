/**
 * Go formatting kube's webhook messages depend on: %q of a string, %#v of a string slice,
 * utilerrors.NewAggregate's message and schema.GroupVersionKind's String(). Internal.
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

/** Go's %q (strconv.Quote) of a string. */
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

/** Go's %#v of a slice of strings (or of a named string type): `[]string{"a", "b"}`. */
export function goSlice(values: readonly string[], type = 'string'): string {
  return `[]${type}{${values.map(goQuote).join(', ')}}`;
}

/** utilerrors.NewAggregate(errs).Error(): the message alone for one, `[a, b]` for more. */
export function aggregateMessage(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

/** schema.GroupVersionKind's String() of an apiVersion and kind: `admission.k8s.io/v1, Kind=AdmissionReview`. */
export function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${kind}`;
}
