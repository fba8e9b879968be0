/**
 * The one error type this package throws. PKI failures happen at startup or in tooling, never
 * in a request path, so they are plain errors with a stable `code`, not Kubernetes Statuses.
 *
 * @example
 * try { await loadOrCreatePki(dir, { hosts }); }
 * catch (err) { if (isPkiError(err) && err.code === 'KeyMismatch') console.error(err.message); }
 */

/** Every code a {@link PkiError} can carry; see the package README for when each is thrown. */
export type PkiErrorCode =
  | 'InvalidOptions'
  | 'InvalidPem'
  | 'UnsupportedKey'
  | 'KeyMismatch'
  | 'NotCA'
  | 'IncompletePki'
  | 'CAExpired';

const brand = Symbol.for('@apiserver-kit/pki.PkiError');

export class PkiError extends Error {
  override readonly name = 'PkiError';
  readonly code: PkiErrorCode;
  readonly [brand] = true;

  constructor(code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** `instanceof` that also holds across duplicate installs of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isPkiError(value);
  }
}

/** True for any PkiError, including one created by another copy of this package. */
export function isPkiError(value: unknown): value is PkiError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true;
}
