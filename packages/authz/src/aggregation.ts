/**
 * ClusterRole aggregation (kube-controller-manager's clusterrole-aggregation controller): a
 * ClusterRole with an `aggregationRule` gets, as its rules, the union of the rules of every other
 * ClusterRole its selectors match. For each selector in order, the matching roles are taken by
 * name (Go string order), the role itself skipped, and a rule appended unless a semantically
 * equal rule (same five lists, element for element; null and [] alike) is already there.
 *
 * @example
 * const rules = aggregateClusterRole(view, allClusterRoles); // null: view has no aggregationRule
 * const controller = new AggregationController({
 *   source,                                    // anything with listClusterRoles()
 *   update: (name, rules) => storeRules(name, rules),
 * });
 * watchClusterRoles(() => controller.onClusterRoleChange());
 * await controller.flush();                    // tests: recompute now, deterministically
 */
import { labelSelectorFromMetaV1 } from '@apiserver-kit/core';
import type { ClusterRole, PolicyRule, RbacDataSource } from './rbac-types.js';

type RuleList = 'verbs' | 'apiGroups' | 'resources' | 'resourceNames' | 'nonResourceURLs';
const ruleLists: readonly RuleList[] = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'];

function listsEqual(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** kube's equality.Semantic.DeepEqual on two PolicyRules: order matters, a missing list equals an empty one. */
export function policyRuleEqual(a: PolicyRule, b: PolicyRule): boolean {
  return ruleLists.every((k) => listsEqual(a[k], b[k]));
}

/** Semantic equality of two rule lists (null, undefined and [] are alike). */
export function policyRulesEqual(a: readonly PolicyRule[] | null | undefined, b: readonly PolicyRule[] | null | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((r, i) => policyRuleEqual(r, y[i]!));
}

/** A fresh copy in wire form: `verbs` always, the other lists only when non-empty. */
function copyRule(rule: PolicyRule): PolicyRule {
  const out: PolicyRule = { verbs: [...(rule.verbs ?? [])] };
  for (const k of ruleLists) {
    const list = rule[k];
    if (k !== 'verbs' && list && list.length > 0) out[k] = [...list];
  }
  return out;
}

/** Go's string order (byte order of UTF-8, i.e. code point order), not UTF-16 order. */
function compareNames(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The rules `role` aggregates from `allRoles`, or null when it has no aggregationRule. An empty
 * selector matches every ClusterRole. Throws the 400 BadRequest of labelSelectorFromMetaV1 for
 * an invalid selector (kube then leaves the role as it is).
 */
export function aggregateClusterRole(role: ClusterRole, allRoles: Iterable<ClusterRole>): PolicyRule[] | null {
  if (!role.aggregationRule) return null;
  const roles = [...allRoles];
  const self = role.metadata.name;
  const out: PolicyRule[] = [];
  for (const sel of role.aggregationRule.clusterRoleSelectors ?? []) {
    const selector = labelSelectorFromMetaV1(sel ?? {});
    const matching = roles
      .filter((r) => r.metadata.name !== self && selector.matches(r.metadata.labels))
      .sort((a, b) => compareNames(a.metadata.name ?? '', b.metadata.name ?? ''));
    for (const r of matching) {
      for (const rule of r.rules ?? []) {
        if (!out.some((have) => policyRuleEqual(have, rule))) out.push(copyRule(rule));
      }
    }
  }
  return out;
}

export interface AggregateAllOptions {
  /** Told of a role whose selectors are invalid; that role is left as it is. */
  onError?(name: string, err: unknown): void;
}

/**
 * Aggregate every role to a fixed point (view's rules reach edit, then admin, in one call) and
 * return the final rules of the roles whose rules change. Roles are visited by name; a cycle
 * that never settles stops after one pass per role plus one.
 */
export function aggregateAll(roles: Iterable<ClusterRole>, options: AggregateAllOptions = {}): Map<string, PolicyRule[]> {
  const current = new Map<string, ClusterRole>();
  for (const r of roles) current.set(r.metadata.name ?? '', r);
  const original = new Map([...current].map(([name, r]) => [name, r.rules] as const));
  const aggregated = [...current.values()].filter((r) => r.aggregationRule).map((r) => r.metadata.name ?? '');
  aggregated.sort(compareNames);
  const failed = new Set<string>();
  for (let pass = 0, changed = true; changed && pass <= current.size; pass++) {
    changed = false;
    for (const name of aggregated) {
      if (failed.has(name)) continue;
      const role = current.get(name)!;
      let rules: PolicyRule[] | null;
      try {
        rules = aggregateClusterRole(role, current.values());
      } catch (err) {
        failed.add(name);
        options.onError?.(name, err);
        continue;
      }
      if (rules && !policyRulesEqual(rules, role.rules)) {
        current.set(name, { ...role, rules });
        changed = true;
      }
    }
  }
  const out = new Map<string, PolicyRule[]>();
  for (const name of aggregated) {
    const rules = current.get(name)!.rules ?? [];
    if (!policyRulesEqual(rules, original.get(name))) out.set(name, rules);
  }
  return out;
}

export interface AggregationControllerOptions {
  /** Where ClusterRoles are read (an RbacDataSource will do); read afresh on every recompute. */
  source: Pick<RbacDataSource, 'listClusterRoles'>;
  /** Store the aggregated rules of one ClusterRole; `role` is the object as the source had it. */
  update(name: string, rules: PolicyRule[], role: ClusterRole): void | Promise<void>;
  /** How long changes gather before one recompute; default 0 (the next macrotask). */
  delayMs?: number;
  /** The first retry delay after a failed update; doubles per failure up to 60 s. Default 1000. */
  retryDelayMs?: number;
  /** Told of an invalid selector or a failed update; default: process.emitWarning. */
  onError?(name: string, err: unknown): void;
}

const maxRetryDelayMs = 60_000;

function warn(name: string, err: unknown): void {
  process.emitWarning(`ClusterRole aggregation of "${name}" failed: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Keeps aggregated ClusterRoles current. Call `onClusterRoleChange()` on every ClusterRole
 * add, update or delete (kube re-aggregates every aggregated role on any change); calls made
 * while a recompute is pending coalesce into one. `flush()` recomputes now and resolves with the
 * rules written, in order; recomputes never overlap.
 */
export class AggregationController {
  readonly #options: AggregationControllerOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #retryDelay: number;
  #closed = false;

  constructor(options: AggregationControllerOptions) {
    this.#options = options;
    this.#retryDelay = options.retryDelayMs ?? 1000;
  }

  /** A ClusterRole changed: schedule a recompute (one per burst of changes). */
  onClusterRoleChange(): void {
    this.#schedule(this.#options.delayMs ?? 0);
  }

  /** Cancel any pending recompute, recompute now, and resolve with the rules written per role. */
  flush(): Promise<Map<string, PolicyRule[]>> {
    this.#cancel();
    const run = this.#chain.then(() => this.#sync());
    this.#chain = run.catch(() => {});
    return run;
  }

  /** Stop: pending recomputes are dropped and later changes ignored. */
  close(): void {
    this.#closed = true;
    this.#cancel();
  }

  #schedule(ms: number): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, ms);
    this.#timer.unref?.();
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #sync(): Promise<Map<string, PolicyRule[]>> {
    const onError = this.#options.onError ?? warn;
    const roles = [...this.#options.source.listClusterRoles()];
    const byName = new Map(roles.map((r) => [r.metadata.name ?? '', r]));
    const changes = aggregateAll(roles, { onError });
    const written = new Map<string, PolicyRule[]>();
    let failed = false;
    for (const [name, rules] of changes) {
      try {
        await this.#options.update(name, rules, byName.get(name)!);
        written.set(name, rules);
      } catch (err) {
        failed = true;
        onError(name, err);
      }
    }
    if (failed) {
      this.#schedule(this.#retryDelay);
      this.#retryDelay = Math.min(this.#retryDelay * 2, maxRetryDelayMs);
    } else {
      this.#retryDelay = this.#options.retryDelayMs ?? 1000;
    }
    return written;
  }
}
