/**
 * Field selectors (k8s.io/apimachinery/pkg/fields/selector.go): comma-joined `field=value`,
 * `field==value` and `field!=value` terms; in values, `\,` `\=` and `\\` escape the special
 * characters. A parse error is a 400 BadRequest with kube's message; '' selects everything.
 *
 * @example
 * const sel = parseFieldSelector('metadata.name=web,status.phase!=Failed');
 * sel.matches({ 'metadata.name': 'web', 'status.phase': 'Running' }); // true
 * fieldSelectorRequiresExactMatch(sel, 'metadata.name');             // "web"
 */
import { badRequest } from '../errors.js';
import { compareGo } from '../go-format.js';
import type { FieldOperator, FieldRequirement, FieldSelector } from './types.js';

/** Escape a literal value for use in a field selector (kube's fields.EscapeValue). */
export function escapeFieldSelectorValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=')
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, i.e. as its code point number.
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Split on commas that are not backslash-escaped (the backslashes stay). */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator occurrence splits a term; `!=` then `==` then `=` are tried at each position. */
function splitTerm(term: string): [string, FieldOperator, string] | null {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return null;
}

function formatTerm(r: FieldRequirement): string {
  return `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldSelectorValue(r.value)}`;
}

function makeSelector(requirements: FieldRequirement[]): FieldSelector {
  const reqs = Object.freeze([...requirements]);
  return {
    requirements: reqs,
    empty: () => reqs.length === 0,
    matches: (fields) =>
      reqs.every((r) => {
        const v = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field] : '';
        return r.operator === '!=' ? v !== r.value : v === r.value;
      }),
    toString: () => reqs.map(formatTerm).join(','),
  };
}

/** Parse a field selector (`?fieldSelector=`); throws a 400 BadRequest with kube's message. */
export function parseFieldSelector(s: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  for (const part of splitTerms(s).sort(compareGo)) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    const value = unescapeValue(raw);
    // kube drops a term whose field and value are both empty.
    if (field === '' && value === '') continue;
    reqs.push({ field, operator, value });
  }
  return makeSelector(reqs);
}

/** A selector matching exactly the given fields (kube's fields.SelectorFromSet, sorted by field). */
export function fieldSelectorFromSet(fields: Readonly<Record<string, string>> | null | undefined): FieldSelector {
  const entries = Object.entries(fields ?? {}).sort(([a], [b]) => compareGo(a, b));
  return makeSelector(entries.map(([field, value]) => ({ field, operator: '=', value })));
}

/** The value an `=`/`==` term requires for `field`, if any (kube's RequiresExactMatch). */
export function fieldSelectorRequiresExactMatch(sel: FieldSelector, field: string): string | undefined {
  return sel.requirements.find((r) => r.field === field && r.operator !== '!=')?.value;
}
