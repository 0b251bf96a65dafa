/**
 * Routes of an API Gateway API described in OpenAPI with `x-amazon-apigateway-*` extensions —
 * a console/CLI export, or the DefinitionBody/Body of a SAM or CloudFormation resource. Per
 * operation: methods (`x-amazon-apigateway-any-method` → every method), the path as a template
 * (`{proxy+}` → a prefix `{*}`), authentication from `security` + the schemes'
 * `x-amazon-apigateway-authorizer` and `x-amazon-apigateway-auth`, scopes and the resource
 * policy as authorization, request validators, the integration as upstream, CORS (HTTP API
 * `x-amazon-apigateway-cors`, REST OPTIONS mocks), and the 10 MB platform payload cap.
 * Paths stay relative to the stage, like the spec paths of the same API.
 */
import type { AuthControl, AuthzControl, CorsControl, GatewayConfig, GatewayRoute, RouteControls, SettingScope } from '../../../model/gateway.js';
import { childPointer, type SourceRef } from '../../../model/source.js';
import { emptyControls, origin, setSetting } from '../common/a-gateway-config.js';
import { asBool, asNumber, asText, asTextList, isObj, type NodeReader, type Obj } from '../common/a-node-reader.js';
import { cleanPath, prefixTemplate } from '../common/a-path-template.js';
import { cfnText } from './aws-intrinsics.js';
import { readIntegration, type UpstreamRegistry } from './aws-integrations.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ANY = 'x-amazon-apigateway-any-method';
export const PAYLOAD_CAP_BYTES = 10 * 1024 * 1024;

export interface AwsBodyInput {
  r: NodeReader;
  config: GatewayConfig;
  body: Obj;
  /** Pointer of the body inside its file ('' for an export). */
  base: string;
  api: string;
  /** Known from the resource type (CloudFormation); otherwise guessed from the body. */
  apiType?: 'rest' | 'http';
  stage?: string;
  upstreams: UpstreamRegistry;
  /** SAM: the controls of the API's DefaultAuthorizer, for methods with no security of their own. */
  defaultAuth?: (method: string, path: string) => AuthControl[] | undefined;
  /** SAM: CORS declared on the resource, when the body has none. */
  cors?: CorsControl;
  /** Prefix of setting keys (`aws.` for an export, `aws.<LogicalId>.` in a template). */
  settingsPrefix: string;
}

export interface AwsBodyResult {
  routes: GatewayRoute[];
  apiType: 'rest' | 'http';
  /** The API id when the body names its execute-api host (exports do). */
  apiId?: string;
  /** Stage named by the export's basePath / server variable. */
  stage?: string;
}

/** HTTP API bodies: an importexport version, a jwt authorizer, `x-amazon-apigateway-cors` or payloadFormatVersion. */
export function guessApiType(body: Obj): 'rest' | 'http' {
  if (body['x-amazon-apigateway-importexport-version'] !== undefined || body['x-amazon-apigateway-cors'] !== undefined) return 'http';
  const text = JSON.stringify(body);
  if (/"payloadFormatVersion"|"type":"jwt"/i.test(text)) return 'http';
  return 'rest';
}

/** The API id of an execute-api host in `host` (Swagger 2) or `servers` (OAS 3). */
export function apiIdOf(body: Obj): string | undefined {
  const hosts: string[] = [];
  const host = asText(body.host);
  if (host) hosts.push(host);
  if (Array.isArray(body.servers)) for (const s of body.servers) if (isObj(s)) hosts.push(cfnText(s.url) ?? '');
  for (const h of hosts) {
    const m = /(?:^|\/\/)([a-z0-9]{10})\.execute-api\.[a-z0-9-]+\.amazonaws\.com/.exec(h);
    if (m) return m[1];
  }
  return undefined;
}

function stageOf(body: Obj): string | undefined {
  if (asText(body.host)?.includes('.execute-api.')) {
    const bp = asText(body.basePath);
    return bp && bp !== '/' ? bp.replace(/^\//, '') : undefined;
  }
  if (Array.isArray(body.servers))
    for (const s of body.servers) {
      if (!isObj(s) || !cfnText(s.url)?.includes('.execute-api.')) continue;
      const vars = isObj(s.variables) ? s.variables : {};
      const bp = isObj(vars.basePath) ? asText(vars.basePath.default) : undefined;
      if (bp) return bp.replace(/^\//, '') || undefined;
    }
  return undefined;
}

export function buildAwsRoutes(input: AwsBodyInput): AwsBodyResult {
  const { r, config, body, base } = input;
  const apiType = input.apiType ?? guessApiType(body);
  const ref = (...segs: (string | number)[]): SourceRef => r.ref(base, ...segs);
  const ptr = (...segs: (string | number)[]): string => childPointer(base, ...segs);
  const prefix = input.settingsPrefix;
  const set = (key: string, value: unknown, at: SourceRef, scope: SettingScope = 'api', note?: string) => setSetting(config, prefix + key, value, origin(scope, at, note));

  // --- security schemes
  const schemesNode = isObj(body.securityDefinitions) ? ['securityDefinitions', body.securityDefinitions] : isObj(body.components) && isObj(body.components.securitySchemes) ? ['components/securitySchemes', body.components.securitySchemes] : undefined;
  const schemes = new Map<string, { node: Obj; at: SourceRef }>();
  if (schemesNode) {
    const [where, node] = schemesNode as [string, Obj];
    for (const [name, s] of Object.entries(node)) if (isObj(s)) schemes.set(name, { node: s, at: { file: r.file, pointer: `${base}/${where}/${escape(name)}` } });
  }
  const rootSecurity = Array.isArray(body.security) ? body.security : undefined;

  // --- request validators
  const validators = isObj(body['x-amazon-apigateway-request-validators']) ? body['x-amazon-apigateway-request-validators'] : {};
  const rootValidator = asText(body['x-amazon-apigateway-request-validator']);

  // --- API-wide settings
  set('api_type', apiType, ref());
  const endpoint = isObj(body['x-amazon-apigateway-endpoint-configuration']) ? body['x-amazon-apigateway-endpoint-configuration'] : undefined;
  const disable = endpoint ? asBool(endpoint.disableExecuteApiEndpoint) : undefined;
  if (disable !== undefined) set('disable_execute_api_endpoint', disable, ref('x-amazon-apigateway-endpoint-configuration', 'disableExecuteApiEndpoint'));
  else
    set('disable_execute_api_endpoint', false, ref(), 'default', 'disableExecuteApiEndpoint is not set: the default execute-api endpoint stays reachable and bypasses custom-domain controls such as mutual TLS');
  if (endpoint && Array.isArray(endpoint.vpcEndpointIds)) set('vpc_endpoint_ids', endpoint.vpcEndpointIds.map((v) => cfnText(v) ?? '?'), ref('x-amazon-apigateway-endpoint-configuration', 'vpcEndpointIds'));
  const keySource = asText(body['x-amazon-apigateway-api-key-source']);
  if (keySource) set('api_key_source', keySource.toUpperCase(), ref('x-amazon-apigateway-api-key-source'));
  const binary = asTextList(body['x-amazon-apigateway-binary-media-types']);
  if (binary.length) set('binary_media_types', binary, ref('x-amazon-apigateway-binary-media-types'));
  const responses = isObj(body['x-amazon-apigateway-gateway-responses']) ? body['x-amazon-apigateway-gateway-responses'] : undefined;
  if (responses) {
    const wildcard = Object.entries(responses).filter(([, v]) => isObj(v) && JSON.stringify(v.responseParameters ?? {}).includes("Access-Control-Allow-Origin\":\"'*'")).map(([k]) => k);
    set('gateway_responses', { types: Object.keys(responses), corsWildcardOn: wildcard }, ref('x-amazon-apigateway-gateway-responses'));
  }
  const policy = readResourcePolicy(body['x-amazon-apigateway-policy'], ref('x-amazon-apigateway-policy'));
  if (policy) set('resource_policy', policy.summary, policy.z.origin.at);

  // --- CORS
  let apiCors: CorsControl | undefined = input.cors;
  const cors = isObj(body['x-amazon-apigateway-cors']) ? body['x-amazon-apigateway-cors'] : undefined;
  if (cors) apiCors = { origins: asTextList(cors.allowOrigins), credentials: asBool(cors.allowCredentials) ?? false, origin: origin('api', ref('x-amazon-apigateway-cors')) };

  // --- operations
  const routes: GatewayRoute[] = [];
  const paths = isObj(body.paths) ? body.paths : {};
  const stage = input.stage ?? stageOf(body);
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/') || !isObj(item)) continue;
    const pathCors = restCors(item, ptr('paths', path), r);
    for (const key of [...METHODS, ANY]) {
      const op = item[key];
      if (!isObj(op)) continue;
      const opPtr = ptr('paths', path, key);
      const method = key === ANY ? 'ANY' : key.toUpperCase();
      const controls = emptyControls();
      addAuth(op, opPtr, method, path, controls);
      if (policy) controls.authorization.push(policy.z);
      controls.sizeLimit = { maxBytes: PAYLOAD_CAP_BYTES, origin: origin('default', r.ref(opPtr), 'API Gateway caps request payloads at 10 MB (platform quota)') };
      controls.requestValidation = validation(op, opPtr, method, apiType);
      const c = pathCors ?? apiCors;
      if (c) controls.cors = c;
      const greedy = /\{[^}]+\+\}/.test(path);
      const route: GatewayRoute = {
        id: `${method} ${path}`,
        methods: key === ANY ? [] : [method],
        rawPath: path,
        pathTemplate: greedy ? prefixTemplate(path.replace(/\/?\{[^}]+\+\}.*$/, '')) : cleanPath(path),
        match: greedy ? 'prefix' : 'template',
        hosts: [],
        protocols: ['https'],
        api: input.api,
        controls,
        at: r.ref(opPtr),
      };
      if (stage) route.stage = stage;
      if (asBool(op.deprecated)) route.deprecated = true;
      const integ = op['x-amazon-apigateway-integration'];
      if (isObj(integ)) {
        const id = input.upstreams.add(readIntegration(integ, r.ref(opPtr, 'x-amazon-apigateway-integration'), 'operation'), apiType);
        if (id) route.upstreamId = id;
      } else config.problems.push({ message: `${method} ${path} has no x-amazon-apigateway-integration: API Gateway cannot deploy it as written`, at: r.ref(opPtr) });
      routes.push(route);
    }
  }
  const result: AwsBodyResult = { routes, apiType };
  const apiId = apiIdOf(body);
  if (apiId) result.apiId = apiId;
  if (stage) result.stage = stage;
  return result;

  function addAuth(op: Obj, opPtr: string, method: string, path: string, controls: RouteControls): void {
    const own = Array.isArray(op.security);
    const requirements = own ? (op.security as unknown[]) : rootSecurity;
    const secPtr = own ? childPointer(opPtr, 'security') : ptr('security');
    const scope: SettingScope = own ? 'operation' : 'api';
    const seen = new Set<string>();
    let anonymous = false;
    (requirements ?? []).forEach((req, i) => {
      if (!isObj(req)) return;
      if (Object.keys(req).length === 0) anonymous = true;
      for (const [name, scopes] of Object.entries(req)) {
        if (seen.has(name)) continue;
        seen.add(name);
        const scheme = schemes.get(name);
        const at = r.ref(secPtr, i, name);
        if (!scheme) {
          config.problems.push({ message: `${method} ${path} requires security scheme "${name}", which is not defined`, at });
          continue;
        }
        const a = authOfScheme(name, scheme.node, scheme.at, asTextList(scopes), scope, at, apiType);
        if (!a) {
          config.problems.push({ message: `security scheme "${name}" has no x-amazon-apigateway-authorizer and is not an API key or IAM scheme: API Gateway does not enforce it`, at: scheme.at });
          continue;
        }
        controls.authentication.push(a);
        const sc = asTextList(scopes);
        if (sc.length && a.kind !== 'api-key')
          controls.authorization.push({ kind: 'scopes', allow: sc, deny: [], details: { scheme: name }, origin: origin(scope, at) });
      }
    });
    if (anonymous) for (const a of controls.authentication) a.allowsAnonymous = true;
    const authExt = isObj(op['x-amazon-apigateway-auth']) ? op['x-amazon-apigateway-auth'] : undefined;
    const authType = authExt ? asText(authExt.type)?.toUpperCase() : undefined;
    if (authType === 'AWS_IAM' && !controls.authentication.some((a) => a.kind === 'aws-iam'))
      controls.authentication.push({ kind: 'aws-iam', details: { source: 'x-amazon-apigateway-auth' }, origin: origin('operation', r.ref(opPtr, 'x-amazon-apigateway-auth')) });
    if (authType === 'NONE') for (const a of controls.authentication) a.details.authType = 'NONE';
    if (!requirements && !authExt && input.defaultAuth) {
      const d = input.defaultAuth(method, path);
      if (d) controls.authentication.push(...d);
    }
  }

  function validation(op: Obj, opPtr: string, method: string, type: 'rest' | 'http'): RouteControls['requestValidation'] {
    if (type === 'http') return { enabled: false, origin: origin('default', r.ref(opPtr), 'HTTP APIs have no request validation') };
    const own = asText(op['x-amazon-apigateway-request-validator']);
    const name = own ?? rootValidator;
    if (!name) return { enabled: false, origin: origin('default', r.ref(opPtr), 'no x-amazon-apigateway-request-validator: API Gateway does not validate requests') };
    const at = own ? r.ref(opPtr, 'x-amazon-apigateway-request-validator') : ref('x-amazon-apigateway-request-validator');
    const v = validators[name];
    if (!isObj(v)) {
      config.problems.push({ message: `request validator "${name}" is not defined in x-amazon-apigateway-request-validators`, at });
      return { enabled: false, origin: origin(own ? 'operation' : 'api', at) };
    }
    const body = asBool(v.validateRequestBody) ?? false;
    const params = asBool(v.validateRequestParameters) ?? false;
    const carriesBody = ['POST', 'PUT', 'PATCH', 'ANY'].includes(method);
    const enabled = carriesBody ? body : params;
    const rv = { enabled, origin: origin(own ? 'operation' : 'api', at, carriesBody && !body ? `validator "${name}" does not validate the request body` : undefined) };
    return Object.assign(rv, { details: { validator: name, validateRequestBody: body, validateRequestParameters: params } });
  }
}

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One security scheme as API Gateway enforces it, or undefined when API Gateway ignores it. */
export function authOfScheme(name: string, s: Obj, schemeAt: SourceRef, scopes: string[], scope: SettingScope, at: SourceRef, apiType: 'rest' | 'http'): AuthControl | undefined {
  const authorizer = isObj(s['x-amazon-apigateway-authorizer']) ? s['x-amazon-apigateway-authorizer'] : undefined;
  const authtype = asText(s['x-amazon-apigateway-authtype'])?.toLowerCase();
  const type = asText(s.type)?.toLowerCase();
  if (authorizer) {
    const t = (asText(authorizer.type) ?? '').toLowerCase();
    const kind = t === 'cognito_user_pools' ? 'cognito' : t === 'jwt' ? 'jwt' : 'lambda-authorizer';
    const notes: string[] = [];
    const ttlRaw = asNumber(authorizer.authorizerResultTtlInSeconds);
    let ttl = ttlRaw;
    if (ttl === undefined && kind === 'lambda-authorizer' && apiType === 'rest') {
      ttl = 300;
      notes.push('authorizerResultTtlInSeconds defaults to 300 s (a revoked token stays accepted that long)');
    }
    const jwt = isObj(authorizer.jwtConfiguration) ? authorizer.jwtConfiguration : undefined;
    const audience = jwt ? asTextList(jwt.audience) : [];
    if (kind === 'jwt' && !audience.length) notes.push('the JWT authorizer names no audience');
    const ive = asText(authorizer.identityValidationExpression);
    if (kind === 'lambda-authorizer' && t === 'token' && !ive) notes.push('no identityValidationExpression: every token reaches the authorizer');
    const details: Record<string, unknown> = {
      scheme: name,
      authorizerType: t || undefined,
      identitySource: cfnText(authorizer.identitySource),
      identityValidationExpression: ive,
      ttlSeconds: ttl,
      authorizerUri: cfnText(authorizer.authorizerUri),
      payloadFormatVersion: asText(authorizer.authorizerPayloadFormatVersion),
      enableSimpleResponses: asBool(authorizer.enableSimpleResponses),
      scopes,
    };
    if (jwt) Object.assign(details, { issuer: cfnText(jwt.issuer), audience });
    if (Array.isArray(authorizer.providerARNs)) details.providerARNs = authorizer.providerARNs.map((p) => cfnText(p) ?? '?');
    for (const k of Object.keys(details)) if (details[k] === undefined) delete details[k];
    return { kind, details, origin: origin(scope, at, notes.length ? notes.join('; ') : undefined) };
  }
  if (authtype === 'awssigv4' || /^sigv4$/i.test(name)) return { kind: 'aws-iam', details: { scheme: name }, origin: origin(scope, at) };
  if (type === 'apikey') {
    const inHeader = (asText(s.in) ?? 'header').toLowerCase();
    return {
      kind: 'api-key',
      credentialsInQuery: inHeader === 'query',
      details: { scheme: name, header: asText(s.name), schemeAt, note: 'API keys identify a client for usage plans; AWS says not to use them for authentication or authorization' },
      origin: origin(scope, at),
    };
  }
  return undefined;
}

/** `x-amazon-apigateway-policy` (or a CloudFormation Policy) → a resource-policy control and a summary. */
export function readResourcePolicy(value: unknown, at: SourceRef): { z: AuthzControl; summary: Record<string, unknown> } | undefined {
  if (!isObj(value)) return undefined;
  const statements = Array.isArray(value.Statement) ? value.Statement : isObj(value.Statement) ? [value.Statement] : [];
  const allow: string[] = [];
  const deny: string[] = [];
  const summary: Record<string, unknown>[] = [];
  let openToEveryone = false;
  for (const st of statements) {
    if (!isObj(st)) continue;
    const effect = asText(st.Effect) ?? 'Allow';
    const principal = principalsOf(st.Principal);
    const hasCondition = isObj(st.Condition) && Object.keys(st.Condition).length > 0;
    if (effect === 'Allow') allow.push(...principal);
    else deny.push(...principal);
    if (effect === 'Allow' && principal.includes('*') && !hasCondition) openToEveryone = true;
    summary.push({ effect, principal, actions: asTextList(st.Action), hasCondition, conditionKeys: hasCondition ? Object.values(st.Condition as Obj).flatMap((c) => (isObj(c) ? Object.keys(c) : [])) : [] });
  }
  return {
    z: { kind: 'resource-policy', allow, deny, details: { openToEveryone, statements: summary }, origin: origin('api', at) },
    summary: { openToEveryone, statements: summary },
  };
}

function principalsOf(p: unknown): string[] {
  if (p === '*') return ['*'];
  if (typeof p === 'string') return [p];
  if (isObj(p)) return Object.values(p).flatMap((v) => (Array.isArray(v) ? v.map((x) => cfnText(x) ?? '?') : [cfnText(v) ?? '?']));
  return [];
}

/** REST CORS answered by an OPTIONS mock: its Access-Control-Allow-Origin/Credentials response headers. */
function restCors(item: Obj, itemPtr: string, r: NodeReader): CorsControl | undefined {
  const options = isObj(item.options) ? item.options : undefined;
  const integ = options && isObj(options['x-amazon-apigateway-integration']) ? options['x-amazon-apigateway-integration'] : undefined;
  const responses = integ && isObj(integ.responses) ? integ.responses : undefined;
  if (!responses) return undefined;
  for (const [status, resp] of Object.entries(responses)) {
    if (!isObj(resp) || !isObj(resp.responseParameters)) continue;
    const params = resp.responseParameters;
    const originValue = asText(params['method.response.header.Access-Control-Allow-Origin']);
    if (originValue === undefined) continue;
    const credentials = asText(params['method.response.header.Access-Control-Allow-Credentials']);
    const unquote = (s: string) => s.trim().replace(/^'+|'+$/g, '');
    return {
      origins: unquote(originValue).split(',').map((s) => s.trim()).filter(Boolean),
      credentials: credentials !== undefined && unquote(credentials).toLowerCase() === 'true',
      origin: origin('operation', r.ref(itemPtr, 'options', 'x-amazon-apigateway-integration', 'responses', status, 'responseParameters', 'method.response.header.Access-Control-Allow-Origin')),
    };
  }
  return undefined;
}
