/**
 * CEL errors with kube's wording. A compile error reads as cel-go prints its issues behind
 * kube's prefix:
 *
 *   compilation failed: ERROR: <input>:1:4: Syntax error: Unexpected token: EOF
 *    | 1 +
 *    | ...^
 *
 * and an evaluation error carries the runtime message (`no such key: spec`), which callers
 * wrap as kube does (`expression 'object.spec.x' resulted in error: no such key: spec`).
 * Both are branded so `isCelCompilationError` / `isCelEvaluationError` survive duplicate installs.
 *
 * @example
 * try { engine.compile('1 +'); } catch (e) { if (isCelCompilationError(e)) console.log(e.message); }
 */
import type { CelCompileError } from '../cel-types.js';

const compileBrand = Symbol.for('apiserver-kit.CelCompilationError');
const evalBrand = Symbol.for('apiserver-kit.CelEvaluationError');

/** An expression that does not compile (bad syntax, unknown names, wrong result type). */
export class CelCompilationError extends Error implements CelCompileError {
  override readonly name = 'CelCompilationError';
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    Object.defineProperty(this, compileBrand, { value: true });
  }
}

/** An expression that failed while evaluating: an error, never a false. */
export class CelEvaluationError extends Error {
  override readonly name = 'CelEvaluationError';
  /** True when the cost limit stopped the evaluation. */
  readonly costExceeded: boolean;
  constructor(
    message: string,
    readonly expression: string,
    options: { cause?: unknown; costExceeded?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.costExceeded = options.costExceeded ?? false;
    Object.defineProperty(this, evalBrand, { value: true });
  }
}

export function isCelCompilationError(err: unknown): err is CelCompilationError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[compileBrand] === true;
}

export function isCelEvaluationError(err: unknown): err is CelEvaluationError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[evalBrand] === true;
}

/** cel-go's message for an evaluation stopped by its cost limit. */
export const costLimitExceededMessage = 'operation cancelled: actual cost limit exceeded';

interface LibraryError {
  name?: string;
  summary?: string;
  message?: string;
  range?: { start: number };
  node?: { pos?: number };
}

function libraryError(err: unknown): LibraryError {
  return typeof err === 'object' && err !== null ? (err as LibraryError) : { message: String(err) };
}

const checkMessages: Array<[RegExp, string]> = [
  [/^Unknown variable: (.+)$/, "undeclared reference to '$1' (in container '')"],
  [/^No such key: (.+)$/, "undefined field '$1'"],
];

const runtimeMessages: Array<[RegExp, string]> = [
  [/^No such key: index out of bounds, index (-?\d+) >= size (\d+)$/, "index '$1' out of range in list size '$2'"],
  [/^No such key: (.+)$/, 'no such key: $1'],
  [/^Unknown variable: (.+)$/, 'no such attribute(s): $1'],
];

function rewrite(summary: string, table: Array<[RegExp, string]>): string {
  for (const [re, to] of table) if (re.test(summary)) return summary.replace(re, to);
  return summary;
}

/** The first line of a library error, without its source highlight. */
function summaryOf(err: LibraryError): string {
  return err.summary ?? (err.message ?? '').split('\n')[0] ?? '';
}

/** kube's text of a compile error from the library's parse or type-check error. */
export function compileErrorMessage(expression: string, err: unknown): string {
  const e = libraryError(err);
  const summary = summaryOf(e);
  const detail = e.name === 'ParseError' ? `Syntax error: ${summary}` : rewrite(summary, checkMessages);
  let pos = Math.max(0, Math.min(e.range?.start ?? e.node?.pos ?? 0, expression.length));
  // cel-go locates a field selection at its dot, the library at the field name
  if (detail.startsWith('undefined field') && expression[pos - 1] === '.') pos -= 1;
  const before = expression.slice(0, pos);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = pos - lineStart;
  const snippet = expression.split('\n')[line - 1] ?? '';
  return `compilation failed: ERROR: <input>:${line}:${column + 1}: ${detail}\n | ${snippet}\n | ${'.'.repeat(column)}^`;
}

/** cel-go's wording of a runtime error from the library's evaluation error. */
export function evaluationErrorMessage(err: unknown): string {
  return rewrite(summaryOf(libraryError(err)), runtimeMessages);
}

function splitTypeArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<') depth++;
    else if (s[i] === '>') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

/** The library's type name as cel-go prints it: `list<string>` -> `list(string)`, `null` -> `null_type`. */
export function celGoTypeName(name: string): string {
  if (name === 'list') return 'list(dyn)';
  if (name === 'map') return 'map(dyn, dyn)';
  if (name === 'null') return 'null_type';
  const m = /^([\w.]+)<(.*)>$/.exec(name);
  if (!m) return name;
  const args = splitTypeArgs(m[2]!).map(celGoTypeName);
  const base = m[1] === 'optional' ? 'optional_type' : m[1]!;
  return `${base}(${args.join(', ')})`;
}
