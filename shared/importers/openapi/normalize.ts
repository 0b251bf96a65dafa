/**
 * Builds the normalized SpecModel (shared/model/spec.ts) from a DocumentSet: operations with
 * effective security, parameters, bodies and responses, every schema node once with the
 * operations that use it, security schemes and servers, for Swagger 2.0, OpenAPI 3.0 and 3.1.
 */
import { childRef, escapePointerSegment, sourceKey, type SourceRef } from '../../model/source.js';
import {
  HTTP_METHODS,
  type JsonObject,
  type MediaContent,
  type OAuthFlow,
  type Operation,
  type Parameter,
  type RequestBody,
  type Response,
  type ResponseHeader,
  type SchemaNode,
  type SchemaProperty,
  type SchemaUsage,
  type SecurityRequirement,
  type SecurityScheme,
  type SpecModel,
  type SpecServer,
} from '../../model/spec.js';
import type { DocumentSet } from './document-set.js';
import { checkStructure, type Kind } from './structure.js';

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface Resolved {
  value: JsonObject;
  at: SourceRef;
}

/**
 * A schema node as the importer builds it: every field set in one order by the constructor, and
 * `usage` a getter on the prototype that asks the model's (lazily computed) unit graph. Plain
 * objects with a per-object `usage` accessor would each fall into V8's slow dictionary mode,
 * which every rule then pays for on every property read.
 */
class ImportedSchema implements SchemaNode {
  // `declare` + assignments in the constructor: plain stores, no per-field define (class fields).
  declare readonly id: string;
  declare readonly at: SourceRef;
  declare readonly node: JsonObject;
  declare componentName?: string;
  declare readonly properties: SchemaProperty[];
  declare items?: SchemaNode;
  declare readonly allOf: SchemaNode[];
  declare readonly anyOf: SchemaNode[];
  declare readonly oneOf: SchemaNode[];
  declare additionalProperties?: SchemaNode | boolean;
  /** Undefined while the model is still being read (usage is not known yet). */
  readonly #usageOf: (node: SchemaNode) => SchemaUsage[] | undefined;
  #usage: SchemaUsage[] | undefined;

  constructor(id: string, at: SourceRef, node: JsonObject, usageOf: (node: SchemaNode) => SchemaUsage[] | undefined) {
    this.id = id;
    this.at = at;
    this.node = node;
    this.properties = [];
    this.allOf = [];
    this.anyOf = [];
    this.oneOf = [];
    this.#usageOf = usageOf;
    this.#usage = undefined;
  }

  get usage(): SchemaUsage[] {
    if (this.#usage) return this.#usage;
    const usage = this.#usageOf(this);
    if (usage) this.#usage = usage;
    return usage ?? [];
  }
}

const SWAGGER2_FLOWS: Record<string, string> = { implicit: 'implicit', password: 'password', application: 'clientCredentials', accessCode: 'authorizationCode' };

export function detectVersion(root: unknown): { version: SpecModel['version']; versionString: string } | undefined {
  if (!isObject(root)) return undefined;
  const sw = root.swagger;
  if (sw !== undefined) return String(sw).startsWith('2') ? { version: '2.0', versionString: String(sw) } : undefined;
  const oa = root.openapi;
  if (typeof oa === 'string' || typeof oa === 'number') {
    const s = String(oa);
    if (s.startsWith('3.1')) return { version: '3.1', versionString: s };
    if (s.startsWith('3.0') || s === '3') return { version: '3.0', versionString: s };
    if (s.startsWith('3.')) return { version: '3.1', versionString: s };
  }
  return undefined;
}

export function buildSpecModel(docs: DocumentSet): SpecModel {
  const rootDoc = docs.root;
  const root = rootDoc.value as JsonObject;
  const detected = detectVersion(root)!;
  const version = detected.version;
  const rootAt: SourceRef = { file: docs.rootFile, pointer: '' };
  const structure: { message: string; at: SourceRef }[] = [];
  const checked = new Set<string>();
  const check = (kind: Kind, value: unknown, at: SourceRef): void => {
    if (kind === 'schema') {
      // Each schema node is visited once (memoized); Swagger 2 parameter/header objects double as schemas.
      if (!(version === '2.0' && isObject(value) && ('in' in value || 'collectionFormat' in value))) checkStructure(kind, version, value, at, structure);
      return;
    }
    const key = `${kind}@${sourceKey(at)}`;
    if (checked.has(key)) return;
    checked.add(key);
    checkStructure(kind, version, value, at, structure);
  };

  /** Follows `$ref` chains; undefined when a reference cannot be followed (recorded as a problem). */
  function deref(value: unknown, at: SourceRef): Resolved | undefined {
    if (isObject(value) && typeof value.$ref !== 'string') return { value, at };
    let cur = value;
    let curAt = at;
    const seen = new Set<string>();
    while (isObject(cur) && typeof cur.$ref === 'string') {
      const key = sourceKey(curAt);
      if (seen.has(key)) {
        docs.problem('unresolved-ref', `$ref "${cur.$ref}" is part of a reference loop that never reaches a definition`, curAt);
        return undefined;
      }
      seen.add(key);
      const r = docs.resolve(cur.$ref, curAt);
      if (!r.ok) return undefined;
      cur = r.value;
      curAt = r.target;
    }
    return isObject(cur) ? { value: cur, at: curAt } : undefined;
  }

  // ---- schemas ----------------------------------------------------------------------------
  // Set once the whole model is read (usage is asked only by rules, after the import).
  let usageOfUnit: ((unit: string) => SchemaUsage[]) | undefined;
  const usageOfNode = (node: SchemaNode): SchemaUsage[] | undefined => usageOfUnit?.(unitOf.get(node)!);
  const schemaMemo = new Map<string, SchemaNode>();
  const unitOf = new Map<SchemaNode, string>();
  const unitEdges = new Map<string, Set<string>>();
  const schemas: SchemaNode[] = [];
  const addEdge = (from: string, to: string): void => {
    if (from === to) return;
    let set = unitEdges.get(from);
    if (!set) unitEdges.set(from, (set = new Set()));
    set.add(to);
  };

  function componentNameOf(at: SourceRef): string | undefined {
    const p = at.pointer;
    if (p !== '') {
      // `/components/schemas/X` or `/definitions/X`, X one segment.
      const prefix = p.startsWith('/components/schemas/') ? 20 : p.startsWith('/definitions/') ? 13 : 0;
      if (prefix === 0 || p.length === prefix || p.indexOf('/', prefix) !== -1) return undefined;
      return p.slice(prefix).replace(/~1/g, '/').replace(/~0/g, '~');
    }
    if (at.pointer === '' && at.file !== docs.rootFile) return at.file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/i, '');
    return undefined;
  }

  /** The schema at `at` (following $refs); `unit` is the reference unit it is reached from. */
  function schemaFrom(value: unknown, at: SourceRef, unit: string | null): SchemaNode | undefined {
    const viaRef = isObject(value) && typeof value.$ref === 'string';
    const r = deref(value, at);
    if (!r) return undefined;
    const id = sourceKey(r.at);
    const existing = schemaMemo.get(id);
    if (existing) {
      if (unit !== null) addEdge(unit, unitOf.get(existing)!);
      return existing;
    }
    const myUnit = viaRef || unit === null ? id : unit;
    if (unit !== null) addEdge(unit, myUnit);
    const node = new ImportedSchema(id, r.at, r.value, usageOfNode);
    const name = componentNameOf(r.at);
    if (name !== undefined) node.componentName = name;
    schemaMemo.set(id, node);
    unitOf.set(node, myUnit);
    schemas.push(node);
    check('schema', r.value, r.at);

    const s = r.value;
    if (isObject(s.properties)) {
      const required = new Set(Array.isArray(s.required) ? s.required.filter((x): x is string => typeof x === 'string') : []);
      const propsPointer = `${r.at.pointer}/properties/`;
      for (const propName in s.properties) {
        if (!Object.prototype.hasOwnProperty.call(s.properties, propName)) continue;
        const propValue = s.properties[propName];
        // childRef(r.at, 'properties', propName), without its per-call array (the hottest path).
        const propAt: SourceRef = { file: r.at.file, pointer: propsPointer + escapePointerSegment(propName) };
        const child = schemaFrom(propValue, propAt, myUnit);
        if (child) node.properties.push({ name: propName, schema: child, required: required.has(propName), at: propAt });
      }
    }
    if (isObject(s.items)) {
      const child = schemaFrom(s.items, childRef(r.at, 'items'), myUnit);
      if (child) node.items = child;
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = s[key];
      if (Array.isArray(list))
        list.forEach((item, i) => {
          const child = schemaFrom(item, childRef(r.at, key, i), myUnit);
          if (child) node[key].push(child);
        });
    }
    if (typeof s.additionalProperties === 'boolean') node.additionalProperties = s.additionalProperties;
    else if (isObject(s.additionalProperties)) {
      const child = schemaFrom(s.additionalProperties, childRef(r.at, 'additionalProperties'), myUnit);
      if (child) node.additionalProperties = child;
    }
    if (isObject(s.not)) schemaFrom(s.not, childRef(r.at, 'not'), myUnit);
    if (Array.isArray(s.prefixItems)) s.prefixItems.forEach((item, i) => schemaFrom(item, childRef(r.at, 'prefixItems', i), myUnit));
    return node;
  }

  // ---- usage entries -----------------------------------------------------------------------
  const entries: { unit: string; usage: SchemaUsage }[] = [];
  function entrySchema(value: unknown, at: SourceRef, endpoint: string, direction: SchemaUsage['direction']): SchemaNode | undefined {
    const node = schemaFrom(value, at, null);
    if (node) entries.push({ unit: unitOf.get(node)!, usage: { endpoint, direction } });
    return node;
  }

  // ---- security schemes ----------------------------------------------------------------------
  const securitySchemes: SecurityScheme[] = [];
  const schemeContainer = version === '2.0' ? root.securityDefinitions : isObject(root.components) ? root.components.securitySchemes : undefined;
  const schemeContainerAt = version === '2.0' ? childRef(rootAt, 'securityDefinitions') : childRef(rootAt, 'components', 'securitySchemes');
  if (isObject(schemeContainer)) {
    for (const [name, raw] of Object.entries(schemeContainer)) {
      const r = deref(raw, childRef(schemeContainerAt, name));
      if (!r) continue;
      check('securityScheme', r.value, r.at);
      const v = r.value;
      let type = str(v.type) ?? '';
      let scheme = str(v.scheme)?.toLowerCase();
      if (version === '2.0' && type === 'basic') {
        type = 'http';
        scheme = 'basic';
      }
      const flows: OAuthFlow[] = [];
      if (type === 'oauth2') {
        if (version === '2.0') {
          const kind = SWAGGER2_FLOWS[str(v.flow) ?? ''] ?? str(v.flow) ?? 'unknown';
          const f: OAuthFlow = { kind, scopes: isObject(v.scopes) ? Object.keys(v.scopes) : [], at: r.at };
          if (str(v.authorizationUrl)) f.authorizationUrl = str(v.authorizationUrl)!;
          if (str(v.tokenUrl)) f.tokenUrl = str(v.tokenUrl)!;
          flows.push(f);
        } else if (isObject(v.flows)) {
          for (const [kind, fv] of Object.entries(v.flows)) {
            if (!isObject(fv)) continue;
            const f: OAuthFlow = { kind, scopes: isObject(fv.scopes) ? Object.keys(fv.scopes) : [], at: childRef(r.at, 'flows', kind) };
            if (str(fv.authorizationUrl)) f.authorizationUrl = str(fv.authorizationUrl)!;
            if (str(fv.tokenUrl)) f.tokenUrl = str(fv.tokenUrl)!;
            if (str(fv.refreshUrl)) f.refreshUrl = str(fv.refreshUrl)!;
            flows.push(f);
          }
        }
      }
      const s: SecurityScheme = { name, type, flows, node: v, at: r.at };
      if (scheme !== undefined) s.scheme = scheme;
      if (str(v.bearerFormat)) s.bearerFormat = str(v.bearerFormat)!;
      if (str(v.in)) s.in = str(v.in)!;
      if (str(v.name)) s.paramName = str(v.name)!;
      if (str(v.description)) s.description = str(v.description)!;
      securitySchemes.push(s);
    }
  }

  // ---- root ---------------------------------------------------------------------------------
  check('root', root, rootAt);
  if (isObject(root.info)) check('info', root.info, childRef(rootAt, 'info'));
  if (version !== '2.0' && isObject(root.components)) check('components', root.components, childRef(rootAt, 'components'));
  const toRequirements = (v: unknown): SecurityRequirement[] | undefined =>
    Array.isArray(v)
      ? v.filter(isObject).map((alt) =>
          Object.fromEntries(Object.entries(alt).map(([k, scopes]) => [k, Array.isArray(scopes) ? scopes.map(String) : []])),
        )
      : undefined;
  const rootSecurity = toRequirements(root.security);

  function serversFrom(list: unknown, at: SourceRef): SpecServer[] {
    if (!Array.isArray(list)) return [];
    const out: SpecServer[] = [];
    list.forEach((raw, i) => {
      const r = deref(raw, childRef(at, i));
      if (!r) return;
      check('server', r.value, r.at);
      const url = str(r.value.url);
      if (url === undefined) return;
      const s: SpecServer = { url, synthesized: false, node: r.value, at: r.at };
      if (str(r.value.description)) s.description = str(r.value.description)!;
      out.push(s);
    });
    return out;
  }

  let rootServers: SpecServer[];
  if (version === '2.0') {
    rootServers = [];
    const host = str(root.host);
    const basePath = str(root.basePath) ?? '';
    const schemes = Array.isArray(root.schemes) ? root.schemes.map(String) : [];
    if (host !== undefined || schemes.length) {
      (schemes.length ? schemes : ['https']).forEach((scheme, i) => {
        const at = schemes.length ? childRef(rootAt, 'schemes', i) : childRef(rootAt, 'host');
        rootServers.push({ url: `${scheme}://${host ?? ''}${basePath}`, synthesized: true, node: root, at });
      });
    }
  } else rootServers = serversFrom(root.servers, childRef(rootAt, 'servers'));

  // ---- operations ---------------------------------------------------------------------------
  const operations: Operation[] = [];
  const rootConsumes = Array.isArray(root.consumes) ? root.consumes.map(String) : [];
  const rootProduces = Array.isArray(root.produces) ? root.produces.map(String) : [];

  function parameterFrom(raw: unknown, at: SourceRef, endpoint: string): Parameter | undefined {
    const r = deref(raw, at);
    if (!r) return undefined;
    check('parameter', r.value, r.at);
    const v = r.value;
    const p: Parameter = {
      name: str(v.name) ?? '',
      in: str(v.in) ?? '',
      required: v.required === true,
      deprecated: v.deprecated === true,
      node: v,
      at: r.at,
    };
    if (str(v.description)) p.description = str(v.description)!;
    if (version === '2.0') {
      if (p.in === 'body') {
        if (isObject(v.schema)) {
          const s = entrySchema(v.schema, childRef(r.at, 'schema'), endpoint, 'request');
          if (s) p.schema = s;
        }
      } else {
        const s = entrySchema(v, r.at, endpoint, 'parameter');
        if (s) p.schema = s;
      }
    } else if (isObject(v.schema)) {
      const s = entrySchema(v.schema, childRef(r.at, 'schema'), endpoint, 'parameter');
      if (s) p.schema = s;
    } else if (isObject(v.content)) {
      for (const [mt, media] of Object.entries(v.content)) {
        if (isObject(media) && isObject(media.schema)) {
          const s = entrySchema(media.schema, childRef(r.at, 'content', mt, 'schema'), endpoint, 'parameter');
          if (s) p.schema = s;
          break;
        }
      }
    }
    return p;
  }

  function contentFrom(content: unknown, at: SourceRef, endpoint: string, direction: SchemaUsage['direction']): MediaContent[] {
    if (!isObject(content)) return [];
    const out: MediaContent[] = [];
    for (const [mediaType, raw] of Object.entries(content)) {
      const mAt = childRef(at, mediaType);
      const r = deref(raw, mAt);
      if (!r) continue;
      check('mediaType', r.value, r.at);
      const mc: MediaContent = { mediaType, at: r.at };
      if (isObject(r.value.schema)) {
        const s = entrySchema(r.value.schema, childRef(r.at, 'schema'), endpoint, direction);
        if (s) mc.schema = s;
      }
      out.push(mc);
    }
    return out;
  }

  function responsesFrom(raw: unknown, at: SourceRef, endpoint: string, produces: string[]): Response[] {
    if (!isObject(raw)) return [];
    const out: Response[] = [];
    for (const [status, rr] of Object.entries(raw)) {
      if (status.startsWith('x-')) continue;
      const r = deref(rr, childRef(at, status));
      if (!r) continue;
      check('response', r.value, r.at);
      const v = r.value;
      const headers: ResponseHeader[] = [];
      if (isObject(v.headers)) {
        for (const [name, hraw] of Object.entries(v.headers)) {
          const h = deref(hraw, childRef(r.at, 'headers', name));
          if (!h) continue;
          check('header', h.value, h.at);
          const header: ResponseHeader = { name, at: h.at };
          const schemaValue = version === '2.0' ? h.value : h.value.schema;
          if (isObject(schemaValue)) {
            const s = entrySchema(schemaValue, version === '2.0' ? h.at : childRef(h.at, 'schema'), endpoint, 'response');
            if (s) header.schema = s;
          }
          headers.push(header);
        }
      }
      let content: MediaContent[];
      if (version === '2.0') {
        content = [];
        if (isObject(v.schema)) {
          const s = entrySchema(v.schema, childRef(r.at, 'schema'), endpoint, 'response');
          for (const mediaType of produces.length ? produces : ['application/json']) {
            const mc: MediaContent = { mediaType, at: childRef(r.at, 'schema') };
            if (s) mc.schema = s;
            content.push(mc);
          }
        }
      } else content = contentFrom(v.content, childRef(r.at, 'content'), endpoint, 'response');
      const resp: Response = { status, headers, content, node: v, at: r.at };
      if (str(v.description)) resp.description = str(v.description)!;
      out.push(resp);
    }
    return out;
  }

  const paths = isObject(root.paths) ? root.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.startsWith('x-')) continue;
    const item = deref(rawItem, childRef(rootAt, 'paths', path));
    if (!item) continue;
    check('pathItem', item.value, item.at);
    const pathServers = version === '2.0' ? [] : serversFrom(item.value.servers, childRef(item.at, 'servers'));
    for (const method of HTTP_METHODS) {
      const rawOp = item.value[method];
      if (rawOp === undefined) continue;
      const op = deref(rawOp, childRef(item.at, method));
      if (!op) continue;
      check('operation', op.value, op.at);
      const v = op.value;
      const endpoint = `${method.toUpperCase()} ${path}`;

      // Parameters: path-level first, then the operation's (same name + in replaces).
      const params = new Map<string, Parameter>();
      const addParams = (list: unknown, at: SourceRef): void => {
        if (!Array.isArray(list)) return;
        list.forEach((raw, i) => {
          const p = parameterFrom(raw, childRef(at, i), endpoint);
          if (p) params.set(`${p.in}:${p.name}`, p);
        });
      };
      addParams(item.value.parameters, childRef(item.at, 'parameters'));
      addParams(v.parameters, childRef(op.at, 'parameters'));
      const parameters: Parameter[] = [];
      let requestBody: RequestBody | undefined;
      const consumes = Array.isArray(v.consumes) ? v.consumes.map(String) : rootConsumes;
      for (const p of params.values()) {
        if (version === '2.0' && p.in === 'body') {
          const mc: MediaContent[] = (consumes.length ? consumes : ['application/json']).map((mediaType) => {
            const m: MediaContent = { mediaType, at: p.at };
            if (p.schema) m.schema = p.schema;
            return m;
          });
          requestBody = { required: p.required, content: mc, at: p.at };
        } else parameters.push(p);
      }
      if (version !== '2.0' && v.requestBody !== undefined) {
        const rb = deref(v.requestBody, childRef(op.at, 'requestBody'));
        if (rb) {
          check('requestBody', rb.value, rb.at);
          requestBody = {
            required: rb.value.required === true,
            content: contentFrom(rb.value.content, childRef(rb.at, 'content'), endpoint, 'request'),
            at: rb.at,
          };
        }
      }
      if (version === '2.0' && !requestBody && parameters.some((p) => p.in === 'formData')) {
        const formAt = parameters.find((p) => p.in === 'formData')!.at;
        requestBody = {
          required: parameters.some((p) => p.in === 'formData' && p.required),
          content: (consumes.length ? consumes : ['application/x-www-form-urlencoded']).map((mediaType) => ({ mediaType, at: formAt })),
          at: formAt,
        };
      }

      const ownSecurity = toRequirements(v.security);
      const security = ownSecurity ?? rootSecurity ?? [];
      const securitySource: Operation['securitySource'] = ownSecurity ? 'operation' : rootSecurity ? 'root' : 'none';
      const auth: Operation['auth'] =
        security.length === 0 ? 'none' : security.some((alt) => Object.keys(alt).length === 0) ? 'optional' : 'required';

      const produces = Array.isArray(v.produces) ? v.produces.map(String) : rootProduces;
      const opServers = version === '2.0' ? [] : serversFrom(v.servers, childRef(op.at, 'servers'));
      const operation: Operation = {
        method,
        path,
        endpoint,
        tags: Array.isArray(v.tags) ? v.tags.map(String) : [],
        deprecated: v.deprecated === true,
        security,
        securitySource,
        auth,
        parameters,
        responses: responsesFrom(v.responses, childRef(op.at, 'responses'), endpoint, produces),
        servers: opServers.length ? opServers : pathServers.length ? pathServers : rootServers,
        callbacks: isObject(v.callbacks) ? Object.keys(v.callbacks) : [],
        node: v,
        at: op.at,
      };
      if (requestBody) operation.requestBody = requestBody;
      if (str(v.operationId)) operation.operationId = str(v.operationId)!;
      if (str(v.summary)) operation.summary = str(v.summary)!;
      if (str(v.description)) operation.description = str(v.description)!;
      operations.push(operation);
    }
  }

  // Declared components are audited even when no operation uses them.
  const componentSchemas =
    version === '2.0' ? root.definitions : isObject(root.components) ? root.components.schemas : undefined;
  const componentsAt = version === '2.0' ? childRef(rootAt, 'definitions') : childRef(rootAt, 'components', 'schemas');
  if (isObject(componentSchemas))
    for (const [name, raw] of Object.entries(componentSchemas)) schemaFrom(raw, childRef(componentsAt, name), null);

  // ---- usage: which (endpoint, direction) entries reach each unit ------------------------------
  // Computed once, on first use, over the unit graph condensed to its strongly connected
  // components (reference cycles), with one bitset of entries per component: a unit's usage is
  // its own entries OR the usage of every unit that references it.
  const usageKeys = new Map<string, number>();
  const usageList: SchemaUsage[] = [];
  const entryBits = new Map<string, number[]>();
  for (const e of entries) {
    const key = `${e.usage.direction} ${e.usage.endpoint}`;
    let bit = usageKeys.get(key);
    if (bit === undefined) {
      bit = usageList.length;
      usageKeys.set(key, bit);
      usageList.push(e.usage);
    }
    let list = entryBits.get(e.unit);
    if (!list) entryBits.set(e.unit, (list = []));
    list.push(bit);
  }
  let usageOf: Map<string, SchemaUsage[]> | undefined;
  const computeUsage = (): Map<string, SchemaUsage[]> => {
    const units = [...new Set([...unitOf.values(), ...entryBits.keys()])];
    const index = new Map(units.map((u, i) => [u, i]));
    const parents: number[][] = units.map(() => []);
    for (const [from, tos] of unitEdges)
      for (const to of tos) {
        const f = index.get(from);
        const t = index.get(to);
        if (f !== undefined && t !== undefined) parents[t]!.push(f);
      }
    // Tarjan's SCC over "referenced-by" edges (iterative); components come out in an order where
    // every component's referrers are finished before it.
    const n = units.length;
    const comp = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const order = new Int32Array(n).fill(-1);
    const onStack = new Uint8Array(n);
    const stack: number[] = [];
    let counter = 0;
    let comps = 0;
    for (let root = 0; root < n; root++) {
      if (order[root] !== -1) continue;
      const work: [number, number][] = [[root, 0]];
      order[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = 1;
      while (work.length) {
        const top = work[work.length - 1]!;
        const [v, i] = top;
        const ps = parents[v]!;
        if (i < ps.length) {
          top[1]++;
          const w = ps[i]!;
          if (order[w] === -1) {
            order[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = 1;
            work.push([w, 0]);
          } else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        } else {
          work.pop();
          if (work.length) {
            const u = work[work.length - 1]![0];
            low[u] = Math.min(low[u]!, low[v]!);
          }
          if (low[v] === order[v]) {
            let w: number;
            do {
              w = stack.pop()!;
              onStack[w] = 0;
              comp[w] = comps;
            } while (w !== v);
            comps++;
          }
        }
      }
    }
    // Tarjan numbers a component only after every component it can reach (its referrers), so
    // processing components in increasing number sees referrers first.
    const words = Math.max(1, Math.ceil(usageList.length / 32));
    const bits = new Uint32Array(comps * words);
    const members: number[][] = Array.from({ length: comps }, () => []);
    for (let v = 0; v < n; v++) members[comp[v]!]!.push(v);
    for (let c = 0; c < comps; c++) {
      const base = c * words;
      for (const v of members[c]!) {
        for (const bit of entryBits.get(units[v]!) ?? []) bits[base + (bit >>> 5)]! |= 1 << (bit & 31);
        for (const p of parents[v]!) {
          const pc = comp[p]!;
          if (pc === c) continue;
          const pbase = pc * words;
          for (let k = 0; k < words; k++) bits[base + k]! |= bits[pbase + k]!;
        }
      }
    }
    const byComp = new Map<number, SchemaUsage[]>();
    const out = new Map<string, SchemaUsage[]>();
    for (let v = 0; v < n; v++) {
      const c = comp[v]!;
      let list = byComp.get(c);
      if (!list) {
        list = [];
        const base = c * words;
        for (let k = 0; k < words; k++) {
          let word = bits[base + k]!;
          while (word) {
            const low1 = word & -word;
            list.push(usageList[k * 32 + (31 - Math.clz32(low1))]!);
            word ^= low1;
          }
        }
        byComp.set(c, list);
      }
      out.set(units[v]!, list);
    }
    return out;
  };
  usageOfUnit = (unit: string): SchemaUsage[] => (usageOf ??= computeUsage()).get(unit) ?? [];

  for (const p of structure) docs.problem('schema-violation', p.message, p.at);

  const info = isObject(root.info) ? root.info : {};
  const model: SpecModel = {
    file: docs.rootFile,
    files: [...docs.docs.keys()],
    version,
    versionString: detected.versionString,
    root,
    servers: rootServers,
    securitySchemes,
    operations,
    schemas,
    webhooks: isObject(root.webhooks) ? Object.keys(root.webhooks) : [],
    problems: docs.problems,
  };
  if (rootSecurity) model.rootSecurity = rootSecurity;
  if (str(info.title)) model.title = str(info.title)!;
  if (str(info.version) ?? (typeof info.version === 'number' ? String(info.version) : undefined))
    model.apiVersion = String(info.version);
  return model;
}
