/**
 * Parsing resourceVersion parameters the way kube-apiserver's storage does
 * (APIObjectVersioner.ParseResourceVersion): "" and "0" mean "any / latest", anything else must
 * be an unsigned decimal integer, or the request fails with 400 BadRequest.
 *
 * @example
 * parseResourceVersion('');    // 0
 * parseResourceVersion('42');  // 42
 * parseResourceVersion('abc'); // throws 400: invalid resource version: resourceVersion: Invalid value: "abc": ...
 */
import { errors, fieldInvalid, formatFieldError } from '@apiserver-kit/core';

const maxUint64 = 2n ** 64n - 1n;

/** The revision a resourceVersion parameter names; 0 for "" / "0" / absent. */
export function parseResourceVersion(resourceVersion: string | undefined): number {
  if (resourceVersion === undefined || resourceVersion === '' || resourceVersion === '0') return 0;
  let problem: string | undefined;
  if (!/^[0-9]+$/.test(resourceVersion)) problem = 'invalid syntax';
  else if (BigInt(resourceVersion) > maxUint64) problem = 'value out of range';
  if (problem !== undefined) {
    const detail = `strconv.ParseUint: parsing ${JSON.stringify(resourceVersion)}: ${problem}`;
    throw errors.badRequest(
      `invalid resource version: ${formatFieldError(fieldInvalid('resourceVersion', resourceVersion, detail))}`,
    );
  }
  return Number(resourceVersion);
}
