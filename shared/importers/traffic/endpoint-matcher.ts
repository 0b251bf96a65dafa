import { own } from './interner.js';

/**
 * Maps each request to an endpoint template. Templates come from the inventory (documented
 * and gateway-exposed endpoints, passed in as plain method + path pairs, with the base paths
 * of the spec servers), so `/v1/accounts/123/statements` becomes
 * `/v1/accounts/{accountId}/statements`. A request no template matches is clustered into a
 * template of its own: numeric, UUID, hex, e-mail, token-like and masked segments become
 * `{param}` (`/v2/items/98/parts` → `/v2/items/{param}/parts`). A documented path called with
 * an undocumented method keeps the documented template but counts as undocumented.
 */

export interface EndpointTemplate {
  /** Upper-case method, or `*` for a route that proxies every method. */
  method: string;
  /** Template path (`/users/{id}`; a prefix route ends in `/{*}`). */
  path: string;
}

export interface MatcherOptions {
  /** Base paths of the spec servers (`/api/v1`), tried when the whole path matches nothing. */
  basePaths?: readonly string[];
  /** Clustered templates kept at most; requests beyond are counted, not clustered. */
  maxClusters?: number;
}

export interface KnownEndpoint {
  method: string;
  template: string;
  /** inventory: a template of the inventory with this method; cluster: undocumented. */
  source: 'inventory' | 'cluster';
  /** Index of each `{param}` segment in the template's segments. */
  paramPositions: number[];
}

export interface EndpointMatch {
  id: number;
  /** The values in the template's parameter positions, as requested. */
  params: string[];
}

interface Node {
  literal: Map<string, Node>;
  param?: Node;
  patterns?: { re: RegExp; node: Node }[];
  /** Endpoint ids by method for a template ending here. */
  ends?: Map<string, number>;
  /** Prefix routes (`/{*}`) ending here, by method. */
  prefix?: Map<string, number>;
}

const newNode = (): Node => ({ literal: new Map() });
const WHOLE_PARAM = /^\{[^}/]+\}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?=[^/]*\d)[0-9a-f]{8,}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const TOKENISH = /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9_-]{20,}$/;

/** Whether a path segment is a value rather than a name (it becomes `{param}` when clustering). */
export function isValueSegment(seg: string): boolean {
  const c = seg.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (/^\d+$/.test(seg)) return true;
    if (DATE.test(seg)) return true;
  }
  if (c === 91 && seg.endsWith(']')) return true; // a masked value: [email], [secret]
  if (seg.length >= 8 && (UUID.test(seg) || HEX.test(seg))) return true;
  if (seg.indexOf('@') !== -1 || seg.indexOf('%40') !== -1) return true;
  if (seg.length >= 20 && TOKENISH.test(seg)) return true;
  if (/^\d+[.,]\d+$/.test(seg)) return true;
  return false;
}

function segmentsOf(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 47) {
      if (i > start) out.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

function patternOf(segment: string): RegExp {
  const source = segment
    .split(/(\{[^}/]*\})/)
    .map((part) => (WHOLE_PARAM.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export class EndpointMatcher {
  readonly endpoints: KnownEndpoint[] = [];
  private readonly root = newNode();
  private readonly basePaths: string[];
  private readonly maxClusters: number;
  private readonly byKey = new Map<string, number>();
  private clusters = 0;
  private readonly cache = new Map<string, Map<string, EndpointMatch | null>>();
  private cached = 0;
  /** Requests that could not be given an endpoint because the cluster cap was reached. */
  overflow = 0;
  readonly inventorySize: number;

  constructor(templates: readonly EndpointTemplate[], options: MatcherOptions = {}) {
    this.basePaths = [...new Set((options.basePaths ?? []).map((b) => b.replace(/\/+$/, '')).filter((b) => b !== '' && b.startsWith('/')))].sort(
      (a, b) => b.length - a.length,
    );
    this.maxClusters = options.maxClusters ?? 1500;
    for (const t of templates) this.add(t.method.toUpperCase(), t.path);
    this.inventorySize = this.endpoints.length;
  }

  private add(method: string, path: string): void {
    const key = `${method} ${path}`;
    if (this.byKey.has(key)) return;
    let node = this.root;
    const segs = segmentsOf(path);
    const positions: number[] = [];
    let isPrefix = false;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      if (seg === '{*}' || /^\{[^}]*\+\}$/.test(seg)) {
        isPrefix = true;
        break;
      }
      if (WHOLE_PARAM.test(seg)) {
        node = node.param ??= newNode();
        positions.push(i);
      } else if (seg.includes('{')) {
        node.patterns ??= [];
        let entry = node.patterns.find((p) => p.re.source === patternOf(seg).source);
        if (!entry) node.patterns.push((entry = { re: patternOf(seg), node: newNode() }));
        node = entry.node;
        positions.push(i);
      } else {
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, (next = newNode()));
        node = next;
      }
    }
    const id = this.endpoints.length;
    this.endpoints.push({ method, template: path, source: 'inventory', paramPositions: positions });
    this.byKey.set(key, id);
    if (isPrefix) (node.prefix ??= new Map()).set(method, id);
    else (node.ends ??= new Map()).set(method, id);
  }

  /** The endpoint of a request, or undefined when it has no usable path or the cluster cap is reached. */
  match(method: string, path: string): EndpointMatch | undefined {
    if (method === '-' || path === '' || path.charCodeAt(0) !== 47) return undefined;
    let byPath = this.cache.get(method);
    if (byPath === undefined) this.cache.set(own(method), (byPath = new Map()));
    const cached = byPath.get(path);
    if (cached !== undefined) {
      if (cached === null) this.overflow++;
      return cached ?? undefined;
    }
    // Resolve on a copy, so the cached key and parameter values pin no chunk of the file.
    const key = own(path);
    const result = this.resolve(method, key);
    if (++this.cached > 50_000) {
      for (const m of this.cache.values()) m.clear();
      this.cached = 1;
    }
    byPath.set(key, result ?? null);
    if (!result) this.overflow++;
    return result;
  }

  private resolve(method: string, path: string): EndpointMatch | undefined {
    const segs = segmentsOf(path);
    let found = this.walk(segs, method);
    // A path that only matched a template of another method (a gateway route for DELETE, say)
    // may still be a documented operation of this method once a base path is taken off.
    if (!found || found.id < 0)
      for (const base of this.basePaths)
        if (path.startsWith(base) && (path.length === base.length || path.charCodeAt(base.length) === 47)) {
          const stripped = this.walk(segmentsOf(path.slice(base.length)), method);
          if (stripped && (stripped.id >= 0 || !found)) found = stripped;
          if (found && found.id >= 0) break;
        }
    if (found && found.id >= 0) return { id: found.id, params: found.params };
    // A documented path with an undocumented method keeps the documented template.
    const template = found ? this.endpoints[found.pathOf]!.template : undefined;
    return this.cluster(method, segs, template);
  }

  /** Depth-first over the trie, literals before patterns before parameters before prefix routes. */
  private walk(segs: string[], method: string): { id: number; params: string[]; pathOf: number } | undefined {
    const params: string[] = [];
    let pathOnly: { id: number; params: string[]; pathOf: number } | undefined;
    const pick = (m: Map<string, number> | undefined): number | undefined =>
      m && (m.get(method) ?? m.get('*') ?? (method === 'HEAD' ? m.get('GET') : undefined));
    const visit = (node: Node, i: number): { id: number; params: string[]; pathOf: number } | undefined => {
      if (i === segs.length) {
        const id = pick(node.ends);
        if (id !== undefined) return { id, params: [...params], pathOf: id };
        if (node.ends && !pathOnly) pathOnly = { id: -1, params: [...params], pathOf: node.ends.values().next().value! };
      } else {
        const seg = segs[i]!;
        const templated = seg.charCodeAt(0) === 123 && WHOLE_PARAM.test(seg);
        if (!templated) {
          const lit = node.literal.get(seg);
          if (lit) {
            const r = visit(lit, i + 1);
            if (r) return r;
          }
          if (node.patterns)
            for (const p of node.patterns)
              if (p.re.test(seg)) {
                params.push(seg);
                const r = visit(p.node, i + 1);
                params.pop();
                if (r) return r;
              }
        }
        if (node.param) {
          params.push(seg);
          const r = visit(node.param, i + 1);
          params.pop();
          if (r) return r;
        }
      }
      const prefix = pick(node.prefix);
      if (prefix !== undefined) return { id: prefix, params: [...params], pathOf: prefix };
      return undefined;
    };
    return visit(this.root, 0) ?? pathOnly;
  }

  private cluster(method: string, segs: string[], documented: string | undefined): EndpointMatch | undefined {
    const params: string[] = [];
    const positions: number[] = [];
    let template: string;
    if (documented !== undefined) {
      template = documented;
      const tsegs = segmentsOf(documented);
      tsegs.forEach((t, i) => {
        if (t.includes('{')) {
          positions.push(i);
          params.push(segs[i] ?? '');
        }
      });
    } else {
      const out = segs.map((seg, i) => {
        if (isValueSegment(seg)) {
          positions.push(i);
          params.push(seg);
          return '{param}';
        }
        return seg;
      });
      template = '/' + out.join('/');
    }
    const key = `${method} ${template}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      if (this.clusters >= this.maxClusters) return undefined;
      this.clusters++;
      id = this.endpoints.length;
      this.endpoints.push({ method: own(method), template: own(template), source: 'cluster', paramPositions: positions });
      this.byKey.set(own(key), id);
    }
    return { id, params };
  }
}
