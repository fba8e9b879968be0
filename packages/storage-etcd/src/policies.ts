/**
 * The etcd3 client's fault-handling policies, written against its policy interface so the kit
 * needs no direct dependency on cockatiel: a pass-through global policy (EtcdStorage retries by
 * itself, knowing which calls are safe to repeat) and a per-member circuit breaker that skips a
 * member for a moment after consecutive connection failures, so requests go to live members.
 *
 * @example
 * const options: IOptions = { hosts, faultHandling: { global: passThrough(), host: () => memberBreaker() } };
 */
import { isRecoverableError, type IOptions } from 'etcd3';

type FaultHandling = NonNullable<IOptions['faultHandling']>;
type Policy = NonNullable<FaultHandling['global']>;

/** Thrown (instead of calling) while a member's breaker is open; the client then tries another member. */
export class MemberSkippedError extends Error {
  constructor() {
    super('etcd member skipped after repeated connection failures');
    this.name = 'MemberSkippedError';
  }
}

const noEvent = () => ({ dispose() {} });
/** Calls are never cancelled through the policy (deadlines do that), so one signal serves all. */
const neverAborted = new AbortController().signal;

function policy(execute: Policy['execute']): Policy {
  // onSuccess/onFailure/_altReturn are only observed by cockatiel's own combinators, never by etcd3.
  return { execute, onSuccess: noEvent, onFailure: noEvent } as unknown as Policy;
}

/** Runs every call once. */
export function passThrough(): Policy {
  return policy(async (fn) => fn({ signal: neverAborted }));
}

/** Opens after `failures` consecutive recoverable failures; lets calls through again after `openMs`. */
export function memberBreaker(failures = 3, openMs = 1000): Policy {
  let consecutive = 0;
  let openUntil = 0;
  return policy(async (fn) => {
    if (consecutive >= failures && Date.now() < openUntil) throw new MemberSkippedError();
    try {
      const result = await fn({ signal: neverAborted });
      consecutive = 0;
      return result;
    } catch (err) {
      if (err instanceof Error && isRecoverableError(err) && ++consecutive >= failures) openUntil = Date.now() + openMs;
      throw err;
    }
  });
}
