/**
 * Field paths and field sets of server-side apply (sigs.k8s.io/structured-merge-diff fieldpath),
 * with the FieldsV1 wire encoding kube writes into `metadata.managedFields[].fieldsV1`:
 * `f:<name>` for fields, `k:{"name":"x"}` for keyed list items, `v:<json>` for set items,
 * `i:<n>` for atomic list indices, and `.` marking a node that is itself owned and has owned
 * children. Keys are ordered the way structured-merge-diff orders path elements.
 *
 * @example
 * const s = new FieldSet();
 * s.insert([field('data'), field('key')]);
 * s.toFieldsV1();                 // { 'f:data': { 'f:key': {} } }
 * pathString([field('spec'), key([['name', 'app']]), field('image')]); // .spec[name="app"].image
 */
import { goJson, isObject } from './go-compat.js';

export type PathElement =
  | { readonly t: 'f'; readonly name: string }
  | { readonly t: 'k'; readonly fields: ReadonlyArray<readonly [string, unknown]> }
  | { readonly t: 'v'; readonly value: unknown }
  | { readonly t: 'i'; readonly index: number };
export type Path = readonly PathElement[];

export const field = (name: string): PathElement => ({ t: 'f', name });
export const key = (fields: ReadonlyArray<readonly [string, unknown]>): PathElement => ({
  t: 'k',
  fields: [...fields].sort((a, b) => cmpStr(a[0], b[0])),
});
export const value = (v: unknown): PathElement => ({ t: 'v', value: v });
export const index = (i: number): PathElement => ({ t: 'i', index: i });

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const typeRank = (v: unknown): number =>
  typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : isObject(v) ? 4 : 5;

/** structured-merge-diff's value.Compare: numbers < strings < bools < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return cmpStr(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isObject(a) && isObject(b)) return cmpStr(goJson(a), goJson(b));
  return 0;
}

/** The order of path elements: fields < keys < values < indices. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const rank = { f: 0, k: 1, v: 2, i: 3 };
  if (a.t !== b.t) return rank[a.t] - rank[b.t];
  if (a.t === 'f' && b.t === 'f') return cmpStr(a.name, b.name);
  if (a.t === 'v' && b.t === 'v') return compareValues(a.value, b.value);
  if (a.t === 'i' && b.t === 'i') return a.index - b.index;
  if (a.t === 'k' && b.t === 'k') {
    for (let i = 0; ; i++) {
      if (i >= a.fields.length && i >= b.fields.length) return 0;
      if (i >= a.fields.length) return -1;
      if (i >= b.fields.length) return 1;
      const c = cmpStr(a.fields[i]![0], b.fields[i]![0]) || compareValues(a.fields[i]![1], b.fields[i]![1]);
      if (c !== 0) return c;
    }
  }
  return 0;
}

/** The FieldsV1 key of a path element (also its identity). */
export function serializePathElement(pe: PathElement): string {
  switch (pe.t) {
    case 'f':
      return `f:${pe.name}`;
    case 'k':
      return `k:{${pe.fields.map(([n, v]) => `${goJson(n)}:${goJson(v)}`).join(',')}}`;
    case 'v':
      return `v:${goJson(pe.value)}`;
    case 'i':
      return `i:${pe.index}`;
  }
}

/** Parse a FieldsV1 key; undefined for an unknown element type (kube ignores those). */
export function parsePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new Error('key must be 2 characters long:');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return field(body);
    case 'v':
      return value(JSON.parse(body));
    case 'k': {
      const obj: unknown = JSON.parse(body);
      if (!isObject(obj)) throw new Error(`invalid key: ${s}`);
      return key(Object.entries(obj));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new Error(`invalid index: ${s}`);
      return index(Number(body));
    }
    default:
      return undefined;
  }
}

function valueString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).map((k) => `${k}=${valueString(v[k])}`).join(';')}}`;
  return String(v);
}

/** The human form of a path used in conflict messages: `.spec.containers[name="app"].image`. */
export function pathString(path: Path): string {
  return path
    .map((pe) => {
      switch (pe.t) {
        case 'f':
          return `.${pe.name}`;
        case 'k':
          return `[${pe.fields.map(([n, v]) => `${n}=${valueString(v)}`).join(',')}]`;
        case 'v':
          return `[=${valueString(pe.value)}]`;
        case 'i':
          return `[${pe.index}]`;
      }
    })
    .join('');
}

interface Child {
  pe: PathElement;
  set: FieldSet;
}

/** A set of field paths, stored as a tree of members and children per path element. */
export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: Path): void {
    if (path.length === 0) return;
    const [head, ...rest] = path as [PathElement, ...PathElement[]];
    const id = serializePathElement(head);
    if (rest.length === 0) {
      this.members.set(id, head);
      return;
    }
    let child = this.children.get(id);
    if (!child) {
      child = { pe: head, set: new FieldSet() };
      this.children.set(id, child);
    }
    child.set.insert(rest);
  }

  /** The subtree under one path element, if any. */
  child(pe: PathElement): FieldSet | undefined {
    return this.children.get(serializePathElement(pe))?.set;
  }

  /** True when `path` itself is in the set. */
  has(path: Path): boolean {
    if (path.length === 0) return false;
    const [head, ...rest] = path as [PathElement, ...PathElement[]];
    const id = serializePathElement(head);
    if (rest.length === 0) return this.members.has(id);
    return this.children.get(id)?.set.has(rest) ?? false;
  }

  /** True when `path` or anything below it is in the set. */
  hasPrefix(path: Path): boolean {
    if (path.length === 0) return !this.isEmpty();
    const [head, ...rest] = path as [PathElement, ...PathElement[]];
    const id = serializePathElement(head);
    if (rest.length === 0 && this.members.has(id)) return true;
    return this.children.get(id)?.set.hasPrefix(rest) ?? false;
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  private static combine(
    a: FieldSet,
    b: FieldSet,
    member: (inA: boolean, inB: boolean) => boolean,
    child: (ca: FieldSet | undefined, cb: FieldSet | undefined) => FieldSet | undefined,
  ): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of new Map([...a.members, ...b.members])) {
      if (member(a.members.has(id), b.members.has(id))) out.members.set(id, pe);
    }
    for (const id of new Set([...a.children.keys(), ...b.children.keys()])) {
      const pe = (a.children.get(id) ?? b.children.get(id))!.pe;
      const set = child(a.children.get(id)?.set, b.children.get(id)?.set);
      if (set && !set.isEmpty()) out.children.set(id, { pe, set });
    }
    return out;
  }

  union(o: FieldSet): FieldSet {
    return FieldSet.combine(this, o, (x, y) => x || y, (x, y) => (x && y ? x.union(y) : (x ?? y)?.union(new FieldSet())));
  }

  intersection(o: FieldSet): FieldSet {
    return FieldSet.combine(this, o, (x, y) => x && y, (x, y) => (x && y ? x.intersection(y) : undefined));
  }

  difference(o: FieldSet): FieldSet {
    return FieldSet.combine(this, o, (x, y) => x && !y, (x, y) => (x && y ? x.difference(y) : x?.union(new FieldSet())));
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (!o.members.has(id)) out.members.set(id, pe);
    for (const [id, c] of this.children) {
      if (o.members.has(id)) continue;
      const other = o.children.get(id)?.set;
      const set = other ? c.set.recursiveDifference(other) : c.set.union(new FieldSet());
      if (!set.isEmpty()) out.children.set(id, { pe: c.pe, set });
    }
    return out;
  }

  private sortedIds(): string[] {
    const all = new Map<string, PathElement>([...this.members]);
    for (const [id, c] of this.children) all.set(id, c.pe);
    return [...all.entries()].sort((x, y) => comparePathElements(x[1], y[1])).map(([id]) => id);
  }

  /** Every path, in structured-merge-diff's iteration order (members of a node before its children). */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = [];
    const byPe = (x: PathElement, y: PathElement) => comparePathElements(x, y);
    for (const pe of [...this.members.values()].sort(byPe)) out.push([...prefix, pe]);
    for (const c of [...this.children.values()].sort((x, y) => byPe(x.pe, y.pe))) out.push(...c.set.paths([...prefix, c.pe]));
    return out;
  }

  /** The FieldsV1 JSON object. */
  toFieldsV1(includeSelf = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && !this.isEmpty()) out['.'] = {};
    for (const id of this.sortedIds()) {
      const c = this.children.get(id);
      out[id] = c && !c.set.isEmpty() ? c.set.toFieldsV1(this.members.has(id)) : {};
    }
    return out;
  }

  /** Parse a FieldsV1 JSON object (throws on malformed input). */
  static fromFieldsV1(json: unknown): FieldSet {
    return readNode(json).children ?? new FieldSet();
  }
}

function readNode(json: unknown): { children: FieldSet | undefined; isMember: boolean } {
  if (!isObject(json)) throw new Error('fieldsV1 nodes must be objects');
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [k, v] of Object.entries(json)) {
    if (k === '.') {
      isMember = true;
      continue;
    }
    const pe = parsePathElement(k);
    if (!pe) continue;
    const sub = readNode(v);
    children ??= new FieldSet();
    if (sub.isMember) children.insert([pe]);
    if (sub.children && !sub.children.isEmpty()) {
      for (const p of sub.children.paths()) children.insert([pe, ...p]);
    }
  }
  if (!children) isMember = true;
  return { children, isMember };
}
