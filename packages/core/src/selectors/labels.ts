/**
 * Label selectors: the full kube syntax (k8s.io/apimachinery/pkg/labels/selector.go) with
 * kube-apiserver's exact parse errors, canonical printing, matching, and conversion from a
 * metav1.LabelSelector. A parse error is a 400 BadRequest with the message kube returns for
 * `?labelSelector=`.
 *
 * @example
 * const sel = parseLabelSelector('app in (web,api), !canary, tier!=db');
 * sel.matches({ app: 'web' }); // true
 * String(sel);                  // "!canary,app in (api,web),tier!=db"
 * parseLabelSelector('a b');    // throws 400 "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"
 */
import { badRequest } from '../errors.js';
import { isQualifiedName, isValidLabelValue } from '../validation.js';
import { aggregateMessage, compareGo, goQuote, goStringSlice, invalidError, parseInt64 } from '../go-format.js';
import { lexLabelSelector, type Tok, type Token } from './label-lexer.js';
import type { LabelOperator, LabelRequirement, LabelSelector } from './types.js';

const binaryOperators = 'in, notin, =, ==, !=, gt, lt';

class LabelParseError extends Error {}

/** kube's NewRequirement checks (with a nil field path); returns the error message (an aggregate) or ''. */
function requirementError(key: string, op: LabelOperator, vals: string[] | null): string {
  const at = (child: string) => child;
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalidError(at('key'), goQuote(key), keyErrs.join('; ')));
  const values = vals ?? [];
  const shown = goStringSlice(vals);
  if ((op === 'in' || op === 'notin') && values.length === 0)
    errs.push(invalidError(at('values'), shown, "for 'in', 'notin' operators, values set can't be empty"));
  if ((op === '=' || op === '==' || op === '!=') && values.length !== 1)
    errs.push(invalidError(at('values'), shown, 'exact-match compatibility requires one single value'));
  if ((op === 'exists' || op === '!') && values.length !== 0)
    errs.push(invalidError(at('values'), shown, 'values set must be empty for exists and does not exist'));
  if (op === 'gt' || op === 'lt') {
    if (values.length !== 1)
      errs.push(invalidError(at('values'), shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
    values.forEach((v, i) => {
      if (parseInt64(v) === null)
        errs.push(invalidError(`${at('values')}[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(invalidError(`${at('values')}[${i}][${key}]`, goQuote(v), msgs.join('; ')));
  });
  return errs.length ? aggregateMessage(errs) : '';
}

function matchRequirement(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key]! : '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(r.values[0]!);
      if (have === null || want === null) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

const printedOp: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** One requirement as kube prints it (values sorted on output). */
export function formatLabelRequirement(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort(compareGo).join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return `${r.key}${printedOp[r.operator]}${set ? `(${values})` : values}`;
}

const byKey = (a: LabelRequirement, b: LabelRequirement) => compareGo(a.key, b.key);

/** The canonical string of any requirements: sorted by key, comma-joined (what `toString()` returns). */
export function formatLabelSelector(sel: Pick<LabelSelector, 'requirements'>): string {
  return [...sel.requirements].sort(byKey).map(formatLabelRequirement).join(',');
}

function makeSelector(requirements: LabelRequirement[]): LabelSelector {
  const reqs = Object.freeze([...requirements].sort(byKey));
  return {
    requirements: reqs,
    empty: () => reqs.length === 0,
    matches: (labels) => reqs.every((r) => matchRequirement(r, labels ?? {})),
    toString: () => reqs.map(formatLabelRequirement).join(','),
  };
}

/** The selector that selects everything. */
export function everythingLabelSelector(): LabelSelector {
  return makeSelector([]);
}

/** The selector that selects nothing (a nil metav1.LabelSelector). */
export function nothingLabelSelector(): LabelSelector {
  return { requirements: [], empty: () => false, matches: () => false, toString: () => '' };
}

/** A selector matching exactly the given labels (`k=v` for each, sorted by key; not validated, as kube's SelectorFromSet). */
export function labelSelectorFromSet(labels: Readonly<Record<string, string>> | null | undefined): LabelSelector {
  return makeSelector(Object.entries(labels ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] })));
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Token[]) {}

  /** In the values context the keywords `in` and `notin` are plain identifiers. */
  private tok(i: number, values: boolean): Token {
    const t = this.items[i]!;
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'id', lit: t.lit } : t;
  }
  peek(values = true): Token {
    return this.tok(this.pos, values);
  }
  next(values = true): Token {
    return this.tok(this.pos++, values);
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new LabelParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        if (e instanceof LabelParseError) throw new LabelParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const after = this.next();
      if (after.tok === 'eos') return reqs;
      if (after.tok !== ',') throw new LabelParseError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const t2 = this.peek();
      if (t2.tok !== 'id' && t2.tok !== '!') throw new LabelParseError(`found '${t2.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): LabelRequirement {
    let t = this.next();
    let op: LabelOperator | '' = '';
    if (t.tok === '!') {
      op = '!';
      t = this.next();
    }
    if (t.tok !== 'id') throw new LabelParseError(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new LabelParseError(invalidError('<nil>', goQuote(key), keyErrs.join('; ')));
    const la = this.peek().tok;
    if (op === '' && (la === 'eos' || la === ',')) op = 'exists';
    if (op === '!' || op === 'exists') return this.build(key, op, []);
    const opTok = this.next(false);
    const ops: Partial<Record<Tok, LabelOperator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const operator = ops[opTok.tok];
    if (!operator) throw new LabelParseError(`found '${opTok.lit}', expected: ${binaryOperators}`);
    const values = operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue();
    return this.build(key, operator, [...new Set(values)].sort(compareGo));
  }

  private build(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
    const err = requirementError(key, operator, values);
    if (err) throw new LabelParseError(err);
    return { key, operator, values };
  }

  private setValues(): string[] {
    const open = this.next();
    if (open.tok !== '(') throw new LabelParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek();
    if (tok === ')') {
      this.next();
      return [''];
    }
    if (tok !== 'id' && tok !== ',') throw new LabelParseError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.identifiers();
    if (this.next().tok !== ')') throw new LabelParseError(`found '${lit}', expected: ')'`);
    return values;
  }

  private identifiers(): string[] {
    const out: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.tok === 'id') {
        out.push(t.lit);
        const t2 = this.peek();
        if (t2.tok === ',') continue;
        if (t2.tok === ')') return out;
        throw new LabelParseError(`found '${t2.lit}', expected: ',' or ')'`);
      }
      if (t.tok !== ',') throw new LabelParseError(`found '${t.lit}', expected: ',', or identifier`);
      if (out.length === 0) out.push('');
      const t2 = this.peek().tok;
      if (t2 === ')') {
        out.push('');
        return out;
      }
      if (t2 === ',') {
        this.next();
        out.push('');
      }
    }
  }

  private exactValue(): string[] {
    const la = this.peek().tok;
    if (la === 'eos' || la === ',') return [''];
    const t = this.next();
    if (t.tok === 'id') return [t.lit];
    throw new LabelParseError(`found '${t.lit}', expected: identifier`);
  }
}

/** Parse a label selector (`?labelSelector=`); throws a 400 BadRequest with kube's message. Empty selects everything. */
export function parseLabelSelector(s: string): LabelSelector {
  try {
    return makeSelector(new Parser(lexLabelSelector(s)).parse());
  } catch (e) {
    if (e instanceof LabelParseError) throw badRequest(e.message);
    throw e;
  }
}

export interface MetaV1LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface MetaV1LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: MetaV1LabelSelectorRequirement[] | null;
}

const metaOperators: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * Convert a metav1.LabelSelector (kube's LabelSelectorAsSelector): null/undefined selects
 * nothing, an empty one everything. Invalid input throws a 400 BadRequest with kube's message.
 */
export function labelSelectorFromMetaV1(sel: MetaV1LabelSelector | null | undefined): LabelSelector {
  if (!sel) return nothingLabelSelector();
  const labels = Object.entries(sel.matchLabels ?? {});
  const exprs = sel.matchExpressions ?? [];
  if (labels.length + exprs.length === 0) return everythingLabelSelector();
  const reqs: LabelRequirement[] = [];
  for (const [key, v] of labels) {
    const err = requirementError(key, '=', [v]);
    if (err) throw badRequest(err);
    reqs.push({ key, operator: '=', values: [v] });
  }
  for (const e of exprs) {
    const operator = metaOperators[e.operator];
    if (!operator) throw badRequest(`${goQuote(e.operator)} is not a valid label selector operator`);
    const values = e.values && e.values.length ? [...e.values] : null;
    const err = requirementError(e.key, operator, values);
    if (err) throw badRequest(err);
    reqs.push({ key: e.key, operator, values: values ?? [] });
  }
  return makeSelector(reqs);
}
