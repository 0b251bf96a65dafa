/**
 * The Azure API Management importer: policy XML at global, product, API and operation scope.
 *
 * Two shapes are read:
 * - One policy document (a `<policies>` file named directly or found on its own). It is treated
 *   as the API scope (a file name saying `global`, `product` or `operation` sets that scope for
 *   the origins instead) and gives one route covering every operation, `/{*}`; the API entity is
 *   not in the evidence, so the subscription key requirement is APIM's default (required) and
 *   `<base/>` inherits from scopes that were not supplied (both noted).
 * - An APIOps extractor export: the service `policy.xml` next to `apis/<api>/` (apiInformation.json,
 *   specification.*, policy.xml, operations/<op>/policy.xml), `products/<p>/` (productInformation.json,
 *   apis.json, policy.xml), `policyFragments/<id>/policy.xml` and `backends/<id>/backendInformation.json`.
 *   Each operation of each API becomes a route with the composed global → product → API →
 *   operation policies; the API path and URL templates come from its specification.
 *
 * Which files it claims: `<policies>` documents outside the APIOps sub-folders (apis/, products/,
 * policyFragments/, workspaces/), so the service policy is the one root of an export and the files
 * it reaches are not imported twice. Fragments (`<fragment>` root) are never claimed.
 */
import type { GatewayRoute, Origin, SettingScope } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import { dirnameOf, joinRelative, type FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import { MappedSources } from '../../text/mapped-sources.js';
import { computeLineStarts, lineColumn } from '../../text/parsed-text.js';
import { parseStructured } from '../../text/parse-structured.js';
import { defaultOrigin, emptyConfig, origin } from '../common/b-model.js';
import { xmlRootName } from '../common/b-xml.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { buildRouteControls, rememberFile, type BackendEntity } from './apim-model.js';
import { effectivePolicies, readPolicyDoc, usesBase, type PolicyDoc, type Section } from './apim-policies.js';

const SECTIONS: Section[] = ['inbound', 'backend', 'outbound', 'on-error'];
const APIOPS_FOLDERS = /(^|\/)(apis|products|policyFragments|fragments|workspaces|operations)\//;

export function sniffApim(file: string, head: string): boolean {
  if (!/\.xml$/i.test(file) && !/^\s*</.test(head)) return false;
  return xmlRootName(head) === 'policies' && !APIOPS_FOLDERS.test(file);
}

/** The scope a lone policy file's name suggests. */
function scopeFromName(file: string): SettingScope {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  if (/global|service/.test(base)) return 'global';
  if (/product/.test(base)) return 'product';
  if (/operation/.test(base)) return 'operation';
  return 'api';
}

function apiNameOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.xml$/i, '').replace(/[.-]?policy$/i, '');
  return base || file;
}

class ApimReader {
  readonly sources = new MappedSources();
  readonly files: string[] = [];
  private readonly docs = new Map<string, PolicyDoc | undefined>();

  constructor(private readonly access: FileAccess) {}

  text(file: string): string | undefined {
    const t = this.access.readText(file);
    if (t !== undefined && !this.files.includes(file)) this.files.push(file);
    return t;
  }

  policy(file: string, scope: SettingScope, root = 'policies'): PolicyDoc | undefined {
    if (this.docs.has(file)) return this.docs.get(file);
    const t = this.text(file);
    const doc = t === undefined ? undefined : readPolicyDoc(t, file, scope, this.sources, root);
    if (doc) rememberFile(doc.root, file);
    this.docs.set(file, doc);
    return doc;
  }

  /** A JSON/YAML entity file with the positions of the pointers asked for recorded. */
  json(file: string): { value: unknown; at: (pointer: string) => SourceRef } | undefined {
    const t = this.text(file);
    if (t === undefined) return undefined;
    const parsed = parseStructured(t, file);
    const lines = computeLineStarts(t);
    this.sources.addFile(file, t);
    return {
      value: parsed.value,
      at: (pointer: string) => {
        const [offset] = parsed.offsetsOf([pointer]);
        const lc = lineColumn(lines, offset ?? 0);
        this.sources.set({ file, pointer }, lc.line, lc.column);
        return { file, pointer };
      },
    };
  }

  listDir(dir: string): { name: string; isDir: boolean }[] {
    return this.access.listDir?.(dir) ?? [];
  }
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export const apimImporter: GatewayImporter = {
  product: 'azure-apim',
  label: 'Azure API Management policy XML',
  sniff: sniffApim,
  parse(file: string, files: FileAccess): GatewayImport {
    const reader = new ApimReader(files);
    const dir = dirnameOf(file);
    const apisDir = joinRelative(dir, 'apis') ?? 'apis';
    const isExport = reader.listDir(apisDir).some((e) => e.isDir);
    const config = isExport ? readExport(file, dir, reader) : readSingle(file, reader);
    config.files = reader.files;
    // A policy shared by several routes is read once per route: keep each secret once.
    const seen = new Set<string>();
    config.secrets = config.secrets.filter((s) => !seen.has(`${s.at.file}#${s.at.pointer}`) && !!seen.add(`${s.at.file}#${s.at.pointer}`));
    return { config, sources: reader.sources };
  },
};

function fragmentLoader(reader: ApimReader, dir: string): (id: string) => PolicyDoc | undefined {
  return (id: string) => {
    for (const folder of ['policyFragments', 'fragments']) {
      for (const name of [`${folder}/${id}/policy.xml`, `${folder}/${id}.xml`]) {
        const path = joinRelative(dir, name);
        const doc = path ? reader.policy(path, 'api', 'fragment') : undefined;
        if (doc) return doc;
      }
    }
    return undefined;
  };
}

function readSingle(file: string, reader: ApimReader) {
  const config = emptyConfig('azure-apim', file, 'apim-policy');
  const scope = scopeFromName(file);
  const doc = reader.policy(file, scope);
  if (!doc) throw new ImportError(file, 'file not found');
  const name = apiNameOf(file);
  const rootAt: SourceRef = { file, pointer: doc.root.pointer };
  const missing = (id: string, el: { pointer: string }, d: PolicyDoc): void => {
    config.problems.push({ message: `policy fragment "${id}" is not in the evidence; its policies were not audited`, at: { file: d.file, pointer: el.pointer } });
  };
  const fragments = fragmentLoader(reader, dirnameOf(file));
  const policies = SECTIONS.flatMap((s) => effectivePolicies([doc], s, fragments, missing));
  if (usesBase(doc))
    config.problems.push({
      message: 'the policy inherits (<base/>) from the product and global scopes, which are not in the evidence: controls set there are not seen',
      at: rootAt,
    });
  const id = `${file}#api`;
  const { controls, upstreamId } = buildRouteControls(config, {
    id,
    file,
    policies,
    subscription: { required: true, origin: defaultOrigin(rootAt, 'the API entity is not in the evidence: APIM APIs require a subscription key by default (subscriptionRequired defaults to true), accepted in the Ocp-Apim-Subscription-Key header or the subscription-key query parameter') },
    backends: new Map(),
    fallbackAt: rootAt,
  });
  const route: GatewayRoute = { id, name, methods: [], rawPath: '/*', pathTemplate: '/{*}', match: 'prefix', hosts: [], protocols: [], api: name, controls, at: rootAt };
  if (upstreamId) route.upstreamId = upstreamId;
  config.routes.push(route);
  return config;
}

interface ApiOperation {
  name: string;
  method: string;
  urlTemplate: string;
  at?: SourceRef;
}

function readExport(file: string, dir: string, reader: ApimReader) {
  const config = emptyConfig('azure-apim', file, 'apim-apiops');
  const global = reader.policy(file, 'global');
  if (!global) throw new ImportError(file, 'file not found');
  const path = (rel: string): string => joinRelative(dir, rel) ?? rel;
  const fragments = fragmentLoader(reader, dir);
  const missing = (id: string, el: { pointer: string }, d: PolicyDoc): void => {
    config.problems.push({ message: `policy fragment "${id}" is not in the evidence; its policies were not audited`, at: { file: d.file, pointer: el.pointer } });
  };

  // Backends.
  const backends = new Map<string, BackendEntity>();
  for (const b of reader.listDir(path('backends')).filter((e) => e.isDir)) {
    const info = reader.json(path(`backends/${b.name}/backendInformation.json`));
    const props = obj(obj(info?.value).properties);
    if (info && typeof props.url === 'string') {
      const tls = obj(props.tls);
      const entity: BackendEntity = { url: props.url, at: info.at('/properties/url') };
      if (tls.validateCertificateChain === false || tls.validateCertificateName === false) {
        entity.tlsVerify = false;
        entity.at = info.at('/properties/tls');
      }
      backends.set(b.name, entity);
    }
  }

  // Products: their policies and which APIs they hold.
  const products: { name: string; doc?: PolicyDoc; apis: Set<string>; subscriptionRequired?: { value: boolean; at: SourceRef } }[] = [];
  for (const p of reader.listDir(path('products')).filter((e) => e.isDir)) {
    const doc = reader.policy(path(`products/${p.name}/policy.xml`), 'product');
    const list = reader.json(path(`products/${p.name}/apis.json`));
    const apis = new Set((Array.isArray(list?.value) ? list.value : []).map((x) => (typeof x === 'string' ? x : String(obj(x).name ?? ''))));
    const info = reader.json(path(`products/${p.name}/productInformation.json`));
    const sub = obj(obj(info?.value).properties).subscriptionRequired;
    const product: (typeof products)[number] = { name: p.name, apis };
    if (doc) product.doc = doc;
    if (info && typeof sub === 'boolean') product.subscriptionRequired = { value: sub, at: info.at('/properties/subscriptionRequired') };
    products.push(product);
  }

  for (const api of reader.listDir(path('apis')).filter((e) => e.isDir)) {
    const base = `apis/${api.name}`;
    const info = reader.json(path(`${base}/apiInformation.json`));
    const props = obj(obj(info?.value).properties);
    const apiPath = typeof props.path === 'string' ? props.path.replace(/^\/+|\/+$/g, '') : '';
    const apiDoc = reader.policy(path(`${base}/policy.xml`), 'api');
    const inProducts = products.filter((p) => p.apis.has(api.name));
    const apiAt: SourceRef = info ? info.at('') : apiDoc ? { file: apiDoc.file, pointer: apiDoc.root.pointer } : { file, pointer: global.root.pointer };

    // Subscription: the API entity decides; unset → APIM's default (required).
    let subscription: { required: boolean; origin: Origin };
    if (typeof props.subscriptionRequired === 'boolean') subscription = { required: props.subscriptionRequired, origin: origin('api', info!.at('/properties/subscriptionRequired')) };
    else subscription = { required: true, origin: defaultOrigin(apiAt, 'subscriptionRequired is not set: APIM APIs require a subscription key by default') };

    // Operations from the specification; their policies from operations/<name>/policy.xml.
    const operations = readOperations(reader, path(base));
    const opDirs = reader.listDir(path(`${base}/operations`)).filter((e) => e.isDir).map((e) => e.name);
    for (const name of opDirs) if (!operations.some((o) => o.name === name)) operations.push({ name, method: '', urlTemplate: '' });
    if (!operations.length) operations.push({ name: '', method: '', urlTemplate: '' });

    const protocols = Array.isArray(props.protocols) ? props.protocols.map(String) : [];
    const productDocs = inProducts.flatMap((p) => (p.doc ? [p.doc] : []));
    for (const op of operations) {
      const opDoc = op.name ? reader.policy(path(`${base}/operations/${op.name}/policy.xml`), 'operation') : undefined;
      // An API in several products: each product scope in turn (a later product's <base/> runs the earlier one's).
      const chain: PolicyDoc[] = [global, ...productDocs, ...(apiDoc ? [apiDoc] : []), ...(opDoc ? [opDoc] : [])];
      const policies = SECTIONS.flatMap((s) => effectivePolicies(chain, s, fragments, missing));
      const id = `${base}#${op.name || '*'}`;
      const input: Parameters<typeof buildRouteControls>[1] = {
        id,
        file,
        policies,
        subscription,
        backends,
        fallbackAt: op.at ?? apiAt,
      };
      if (typeof props.serviceUrl === 'string' && props.serviceUrl) input.serviceUrl = { url: props.serviceUrl, at: info!.at('/properties/serviceUrl') };
      const { controls, upstreamId } = buildRouteControls(config, input);
      const known = op.method !== '';
      const rawPath = `/${apiPath}${known ? op.urlTemplate : '/*'}`.replace(/\/{2,}/g, '/');
      const route: GatewayRoute = {
        id,
        name: op.name ? `${api.name} ${op.name}` : api.name,
        methods: known ? [op.method] : [],
        rawPath,
        pathTemplate: known ? rawPath.split('?')[0]!.replace(/(.)\/+$/, '$1') : `/${apiPath}/{*}`.replace(/\/{2,}/g, '/'),
        match: known ? 'template' : 'prefix',
        hosts: [],
        protocols,
        api: api.name,
        controls,
        at: op.at ?? apiAt,
      };
      if (upstreamId) route.upstreamId = upstreamId;
      if (typeof props.apiVersion === 'string' && props.apiVersion) route.version = props.apiVersion;
      if (props.isCurrent === false) route.stage = `revision ${String(props.apiRevision ?? '')}`.trim();
      config.routes.push(route);
    }
  }
  return config;
}

function readOperations(reader: ApimReader, apiDir: string): ApiOperation[] {
  for (const name of ['specification.yaml', 'specification.yml', 'specification.json', 'openapi.yaml', 'openapi.json']) {
    const spec = reader.json(`${apiDir}/${name}`);
    if (!spec) continue;
    const out: ApiOperation[] = [];
    const paths = obj(obj(spec.value).paths);
    for (const [p, item] of Object.entries(paths))
      for (const [method, op] of Object.entries(obj(item))) {
        if (!/^(get|put|post|delete|patch|head|options|trace)$/.test(method)) continue;
        const opId = obj(op).operationId;
        out.push({ name: typeof opId === 'string' ? opId : `${method}-${p}`, method: method.toUpperCase(), urlTemplate: p, at: spec.at(`/paths/${p.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`) });
      }
    return out;
  }
  return [];
}
