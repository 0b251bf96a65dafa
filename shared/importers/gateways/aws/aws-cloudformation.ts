/**
 * CloudFormation and SAM templates (YAML or JSON; short-form tags such as `!Ref`, `!Sub`,
 * `!GetAtt` tolerated, nothing evaluated):
 * - AWS::Serverless::Api / HttpApi: DefinitionBody (or a local DefinitionUri / AWS::Include that
 *   is not an export of its own), Auth (authorizers, DefaultAuthorizer, ApiKeyRequired,
 *   ResourcePolicy, UsagePlan), MethodSettings / DefaultRouteSettings / RouteSettings,
 *   AccessLogSetting(s), Cors, EndpointConfiguration, DisableExecuteApiEndpoint, Domain; Globals.
 * - AWS::Serverless::Function Events of type Api / HttpApi (path, method, Auth, RequestModel),
 *   including the implicit ServerlessRestApi / ServerlessHttpApi.
 * - AWS::ApiGateway::RestApi (Body, Policy), Resource + Method, Authorizer, RequestValidator,
 *   Stage, Deployment StageDescription, UsagePlan, DomainName; AWS::ApiGatewayV2::Api (Body,
 *   CorsConfiguration), Route, Integration, Authorizer, Stage, DomainName.
 * Not read: S3 locations (BodyS3Location, DefinitionUri in S3), nested stacks, conditions.
 */
import type { AuthControl, CorsControl, GatewayRoute, SettingScope } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import { childPointer } from '../../../model/source.js';
import { dirnameOf, joinRelative, type FileAccess } from '../../file-access.js';
import { ImportError } from '../../import-error.js';
import { parseStructured } from '../../text/parse-structured.js';
import { cleanPath, prefixTemplate } from '../common/a-path-template.js';
import { emptyControls, normalizeMethods, newConfig, origin, setSetting } from '../common/a-gateway-config.js';
import { asBool, asNumber, asText, asTextList, isObj, NodeReader, type Obj } from '../common/a-node-reader.js';
import { ParsedSources } from '../common/a-parsed-sources.js';
import { scanSecrets } from '../common/a-secrets.js';
import type { GatewayImport, GatewayImporter } from '../gateway-importer.js';
import { readIntegration, UpstreamRegistry } from './aws-integrations.js';
import { CFN_TAGS, cfnText, intrinsicOf, refTarget } from './aws-intrinsics.js';
import { looksLikeTemplate, sniffAwsOpenApi } from './aws-openapi-importer.js';
import { buildAwsRoutes, PAYLOAD_CAP_BYTES, readResourcePolicy } from './aws-openapi-routes.js';
import { applyStages, splitMethodSettingKey, type MethodSetting, type StageInfo, type UsagePlanInfo } from './aws-stages.js';

export function sniffAwsCloudFormation(_file: string, head: string): boolean {
  if (!looksLikeTemplate(head)) return false;
  if (/AWS::(Serverless::(Api|HttpApi)|ApiGateway::|ApiGatewayV2::)/.test(head)) return true;
  if (/AWS::Serverless::Function/.test(head) && (/^\s+["']?Type["']?\s*:\s*["']?(Api|HttpApi)["']?\s*$/m.test(head) || /"Type"\s*:\s*"(Api|HttpApi)"/.test(head))) return true;
  return head.length >= 65000; // a long template whose API resources come later
}

export const awsCloudFormationImporter: GatewayImporter = {
  product: 'aws-apigateway',
  label: 'AWS CloudFormation / SAM template (API Gateway resources)',
  sniff: sniffAwsCloudFormation,
  parse: parseAwsCloudFormation,
};

interface ApiDef {
  id: string;
  type: 'rest' | 'http';
  ptr: string;
  routes: GatewayRoute[];
  stages: StageInfo[];
  plans: UsagePlanInfo[];
  authorizers: Map<string, { node: Obj; at: SourceRef }>;
  defaultAuthorizer?: { name: string; at: SourceRef; scope: SettingScope };
  apiKeyRequired?: { value: boolean; at: SourceRef; scope: SettingScope };
  cors?: CorsControl;
  policy?: ReturnType<typeof readResourcePolicy>;
}

export function parseAwsCloudFormation(file: string, files: FileAccess): GatewayImport {
  const text = files.readText(file);
  if (text === undefined) throw new ImportError(file, 'file not found');
  const sources = new ParsedSources();
  const doc = sources.add(parseStructured(text, file, { customTags: CFN_TAGS }));
  const r = new NodeReader(sources, file);
  if (!isObj(doc.value)) throw sources.error(file, '', 'not a CloudFormation template: the document is not a mapping');
  const root: Obj = doc.value;
  const resources = r.optObj(root, 'Resources', '', 'Resources');
  if (!resources) throw sources.error(file, '', 'not a CloudFormation template: no Resources section');
  const transform = JSON.stringify(root.Transform ?? '');
  const config = newConfig('aws-apigateway', file, transform.includes('AWS::Serverless') ? 'aws-sam' : 'aws-cloudformation');
  const upstreams = new UpstreamRegistry(config);
  const globals = isObj(root.Globals) ? root.Globals : {};
  const apis = new Map<string, ApiDef>();
  const res = new Map<string, { type: string; props: Obj; ptr: string }>();
  for (const [id, v] of Object.entries(resources)) {
    const ptr = childPointer('/Resources', id);
    const node = r.obj(v, ptr, `resource ${id}`);
    const type = r.optText(node, 'Type', ptr, `resource ${id} Type`);
    if (!type) throw sources.error(file, ptr, `resource ${id} has no Type`);
    res.set(id, { type, props: r.optObj(node, 'Properties', ptr, `resource ${id} Properties`) ?? {}, ptr });
  }
  const ofType = (t: string) => [...res.entries()].filter(([, v]) => v.type === t);
  const newApi = (id: string, type: 'rest' | 'http', ptr: string): ApiDef => {
    const api: ApiDef = { id, type, ptr, routes: [], stages: [], plans: [], authorizers: new Map() };
    apis.set(id, api);
    setSetting(config, `aws.${id}.api_type`, type, origin('api', r.ref(ptr)));
    return api;
  };

  // ------------------------------------------------------------------ SAM APIs
  for (const samType of ['AWS::Serverless::Api', 'AWS::Serverless::HttpApi'] as const)
    for (const [id, { props, ptr }] of ofType(samType)) samApi(id, samType === 'AWS::Serverless::Api' ? 'rest' : 'http', props, `${ptr}/Properties`);

  // ------------------------------------------------------------------ SAM function events
  for (const [fnId, { props, ptr }] of ofType('AWS::Serverless::Function')) {
    const events = isObj(props.Events) ? props.Events : {};
    for (const [evName, ev] of Object.entries(events)) {
      if (!isObj(ev)) continue;
      const evType = asText(ev.Type);
      if (evType !== 'Api' && evType !== 'HttpApi') continue;
      const evPtr = childPointer(`${ptr}/Properties/Events`, evName);
      const p = isObj(ev.Properties) ? ev.Properties : {};
      const type = evType === 'Api' ? 'rest' : 'http';
      const apiId = refTarget(type === 'rest' ? p.RestApiId : p.ApiId) ?? (type === 'rest' ? 'ServerlessRestApi' : 'ServerlessHttpApi');
      const api = apis.get(apiId) ?? samApi(apiId, type, {}, undefined);
      const path = asText(p.Path) ?? (type === 'http' ? undefined : '/');
      const method = (asText(p.Method) ?? 'ANY').toUpperCase();
      eventRoute(api, fnId, evPtr, p, path, method);
    }
  }

  // ------------------------------------------------------------------ CloudFormation REST APIs
  for (const [id, { props, ptr }] of ofType('AWS::ApiGateway::RestApi')) {
    const api = newApi(id, 'rest', ptr);
    const pptr = `${ptr}/Properties`;
    if (isObj(props.Body) && !intrinsicOf(props.Body)) bodyRoutes(api, props.Body, `${pptr}/Body`, r);
    if (props.BodyS3Location !== undefined) config.problems.push({ message: `${id} takes its definition from S3 (BodyS3Location), which is not part of the evidence`, at: r.ref(pptr, 'BodyS3Location') });
    const policy = readResourcePolicy(props.Policy, r.ref(pptr, 'Policy'));
    if (policy) {
      api.policy = policy;
      setSetting(config, `aws.${id}.resource_policy`, policy.summary, policy.z.origin);
    }
    endpointSettings(id, props, pptr, 'api');
    const keySource = asText(props.ApiKeySourceType);
    if (keySource) setSetting(config, `aws.${id}.api_key_source`, keySource, origin('api', r.ref(pptr, 'ApiKeySourceType')));
  }
  const resourcePath = (resId: string | undefined, seen = new Set<string>()): string | undefined => {
    if (!resId) return undefined;
    const node = res.get(resId);
    if (!node || node.type !== 'AWS::ApiGateway::Resource' || seen.has(resId)) return undefined;
    seen.add(resId);
    const parent = node.props.ParentId;
    const parentIsRoot = intrinsicOf(parent)?.fn === 'GetAtt' && /RootResourceId/.test(JSON.stringify(parent));
    const base = parentIsRoot ? '' : resourcePath(refTarget(parent), seen);
    if (base === undefined) return undefined;
    return `${base}/${cfnText(node.props.PathPart) ?? '?'}`;
  };
  for (const [id, { props, ptr }] of ofType('AWS::ApiGateway::Method')) {
    const pptr = `${ptr}/Properties`;
    const apiId = refTarget(props.RestApiId);
    const api = apiId ? apis.get(apiId) : undefined;
    if (!api) {
      config.problems.push({ message: `method ${id} names a RestApi that is not in this template`, at: r.ref(pptr, 'RestApiId') });
      continue;
    }
    const rid = props.ResourceId;
    const isRoot = intrinsicOf(rid)?.fn === 'GetAtt' && /RootResourceId/.test(JSON.stringify(rid));
    const path = isRoot ? '/' : resourcePath(refTarget(rid));
    if (path === undefined) {
      config.problems.push({ message: `method ${id}: its resource path could not be worked out from ResourceId`, at: r.ref(pptr, 'ResourceId') });
      continue;
    }
    const method = (asText(props.HttpMethod) ?? 'ANY').toUpperCase();
    const route = baseRoute(api, method, path, r.ref(ptr));
    const authType = (asText(props.AuthorizationType) ?? 'NONE').toUpperCase();
    const authAt = r.ref(pptr, props.AuthorizationType !== undefined ? 'AuthorizationType' : '');
    if (authType === 'AWS_IAM') route.controls.authentication.push({ kind: 'aws-iam', details: {}, origin: origin('operation', authAt) });
    else if (authType === 'CUSTOM' || authType === 'COGNITO_USER_POOLS') {
      const authz = refTarget(props.AuthorizerId);
      const a = authz ? res.get(authz) : undefined;
      route.controls.authentication.push(cfnAuthorizer(authType, a?.props ?? {}, authz, r.ref(pptr, 'AuthorizerId'), 'rest'));
    }
    const scopes = asTextList(props.AuthorizationScopes);
    if (scopes.length) route.controls.authorization.push({ kind: 'scopes', allow: scopes, deny: [], details: {}, origin: origin('operation', r.ref(pptr, 'AuthorizationScopes')) });
    if (asBool(props.ApiKeyRequired)) route.controls.authentication.push(apiKeyControl(r.ref(pptr, 'ApiKeyRequired'), 'operation'));
    const validatorId = refTarget(props.RequestValidatorId);
    const v = validatorId ? res.get(validatorId) : undefined;
    if (v) {
      const body = asBool(v.props.ValidateRequestBody) ?? false;
      const params = asBool(v.props.ValidateRequestParameters) ?? false;
      route.controls.requestValidation = { enabled: ['POST', 'PUT', 'PATCH', 'ANY'].includes(method) ? body : params, origin: origin('operation', r.ref(pptr, 'RequestValidatorId')) };
    }
    if (isObj(props.Integration)) {
      const integ = readIntegration(props.Integration, r.ref(pptr, 'Integration'), 'operation');
      const upId = upstreams.add(integ, 'rest');
      if (upId) route.upstreamId = upId;
      scanSecrets(props.Integration, r.ref(pptr, 'Integration'), `method ${id} Integration`, (h) => config.secrets.push(h));
    }
    api.routes.push(route);
  }
  for (const [id, { props, ptr }] of ofType('AWS::ApiGateway::Stage')) {
    const api = apis.get(refTarget(props.RestApiId) ?? '');
    if (api) api.stages.push(cfnStage(asText(props.StageName) ?? id, props, `${ptr}/Properties`, 'rest'));
  }
  for (const [, { props, ptr }] of ofType('AWS::ApiGateway::Deployment')) {
    const api = apis.get(refTarget(props.RestApiId) ?? '');
    const name = asText(props.StageName);
    if (api && name && !api.stages.some((s) => s.name === name)) {
      const desc = isObj(props.StageDescription) ? props.StageDescription : {};
      const stage = cfnStage(name, desc, `${ptr}/Properties/StageDescription`, 'rest');
      const rate = asNumber(desc.ThrottlingRateLimit);
      const burst = asNumber(desc.ThrottlingBurstLimit);
      const trace = asBool(desc.DataTraceEnabled);
      const level = asText(desc.LoggingLevel);
      if (rate !== undefined || burst !== undefined || trace !== undefined || level !== undefined) {
        const m: MethodSetting = { resourcePath: '*', method: '*', at: r.ref(`${ptr}/Properties/StageDescription`) };
        if (rate !== undefined) m.rateLimit = rate;
        if (burst !== undefined) m.burstLimit = burst;
        if (trace !== undefined) m.dataTrace = trace;
        if (level !== undefined) m.loggingLevel = level;
        stage.settings.unshift(m);
      }
      api.stages.push(stage);
    }
  }
  for (const [id, { props, ptr }] of ofType('AWS::ApiGateway::UsagePlan')) {
    const pptr = `${ptr}/Properties`;
    const stages = Array.isArray(props.ApiStages) ? props.ApiStages : [];
    stages.forEach((s, i) => {
      if (!isObj(s)) return;
      const api = apis.get(refTarget(s.ApiId) ?? '');
      if (!api) return;
      const sptr = `${pptr}/ApiStages/${i}`;
      const plan: UsagePlanInfo = { name: asText(props.UsagePlanName) ?? id, methodThrottles: [], at: r.ref(sptr) };
      const stage = cfnText(s.Stage);
      if (stage) plan.stage = stageName(stage);
      if (isObj(s.Throttle))
        for (const [key, t] of Object.entries(s.Throttle)) {
          if (!isObj(t)) continue;
          const { resourcePath: rp, method } = splitMethodSettingKey(key);
          const m: UsagePlanInfo['methodThrottles'][number] = { resourcePath: rp, method, at: r.ref(`${sptr}/Throttle`, key) };
          const rate = asNumber(t.RateLimit);
          if (rate !== undefined) m.rateLimit = rate;
          const burst = asNumber(t.BurstLimit);
          if (burst !== undefined) m.burstLimit = burst;
          plan.methodThrottles.push(m);
        }
      planLimits(plan, props, pptr);
      api.plans.push(plan);
    });
  }
  for (const [id, { props, ptr }] of ofType('AWS::ApiGateway::DomainName')) domainListener(id, props, `${ptr}/Properties`, asText(props.SecurityPolicy));

  // ------------------------------------------------------------------ CloudFormation HTTP APIs
  for (const [id, { props, ptr }] of ofType('AWS::ApiGatewayV2::Api')) {
    const pptr = `${ptr}/Properties`;
    const protocol = (asText(props.ProtocolType) ?? 'HTTP').toUpperCase();
    if (protocol === 'WEBSOCKET') {
      config.problems.push({ message: `${id} is a WebSocket API; its routes are not HTTP methods and were not listed`, at: r.ref(pptr, 'ProtocolType') });
      continue;
    }
    const api = newApi(id, 'http', ptr);
    if (isObj(props.CorsConfiguration)) api.cors = v2Cors(props.CorsConfiguration, r.ref(pptr, 'CorsConfiguration'));
    if (isObj(props.Body) && !intrinsicOf(props.Body)) bodyRoutes(api, props.Body, `${pptr}/Body`, r);
    endpointSettings(id, props, pptr, 'api');
    const target = cfnText(props.Target);
    if (target) {
      const route = baseRoute(api, 'ANY', '/{proxy+}', r.ref(pptr, 'Target'));
      route.id = `$default ${id}`;
      const upId = upstreams.add({ type: 'aws_proxy', uri: target, requestParameters: {}, at: r.ref(pptr, 'Target'), scope: 'api' }, 'http');
      if (upId) route.upstreamId = upId;
      api.routes.push(route);
    }
  }
  for (const [id, { props, ptr }] of ofType('AWS::ApiGatewayV2::Route')) {
    const pptr = `${ptr}/Properties`;
    const api = apis.get(refTarget(props.ApiId) ?? '');
    if (!api) continue;
    const key = asText(props.RouteKey) ?? '$default';
    const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(key);
    const route = m ? baseRoute(api, m[1]!.toUpperCase(), m[2]!, r.ref(ptr)) : baseRoute(api, 'ANY', '/{proxy+}', r.ref(ptr));
    if (!m) route.id = `${key} ${id}`;
    const authType = (asText(props.AuthorizationType) ?? 'NONE').toUpperCase();
    if (authType === 'AWS_IAM') route.controls.authentication.push({ kind: 'aws-iam', details: {}, origin: origin('operation', r.ref(pptr, 'AuthorizationType')) });
    else if (authType === 'JWT' || authType === 'CUSTOM') {
      const authz = refTarget(props.AuthorizerId);
      route.controls.authentication.push(cfnAuthorizer(authType, (authz ? res.get(authz)?.props : undefined) ?? {}, authz, r.ref(pptr, 'AuthorizerId'), 'http'));
    }
    const scopes = asTextList(props.AuthorizationScopes);
    if (scopes.length) route.controls.authorization.push({ kind: 'scopes', allow: scopes, deny: [], details: {}, origin: origin('operation', r.ref(pptr, 'AuthorizationScopes')) });
    const integId = /integrations\/\$\{([A-Za-z0-9]+)\}/.exec(cfnText(props.Target) ?? '')?.[1];
    const integ = integId ? res.get(integId) : undefined;
    if (integ) {
      const upId = upstreams.add(readIntegration(integ.props, r.ref(`${integ.ptr}/Properties`), 'operation'), 'http');
      if (upId) route.upstreamId = upId;
    }
    api.routes.push(route);
  }
  for (const [id, { props, ptr }] of ofType('AWS::ApiGatewayV2::Stage')) {
    const api = apis.get(refTarget(props.ApiId) ?? '');
    if (api) api.stages.push(cfnStage(asText(props.StageName) ?? id, props, `${ptr}/Properties`, 'http'));
  }
  for (const [id, { props, ptr }] of ofType('AWS::ApiGatewayV2::DomainName')) {
    const confs = Array.isArray(props.DomainNameConfigurations) ? props.DomainNameConfigurations : [];
    const first = confs.find(isObj);
    domainListener(id, props, `${ptr}/Properties`, first ? asText(first.SecurityPolicy) : undefined);
  }

  // ------------------------------------------------------------------ routes per stage
  for (const api of apis.values()) {
    for (const route of api.routes) {
      if (api.policy && !route.controls.authorization.includes(api.policy.z)) route.controls.authorization.push(api.policy.z);
      if (api.cors && !route.controls.cors) route.controls.cors = api.cors;
    }
    config.routes.push(...applyStages(api.routes, api.stages, api.plans));
  }
  config.files = sources.files;
  return { config, sources };

  // ================================================================== helpers (closures)

  function samApi(id: string, type: 'rest' | 'http', props: Obj, pptr: string | undefined): ApiDef {
    const api = newApi(id, type, pptr ? pptr.replace(/\/Properties$/, '') : '/Resources');
    const g = isObj(globals[type === 'rest' ? 'Api' : 'HttpApi']) ? (globals[type === 'rest' ? 'Api' : 'HttpApi'] as Obj) : {};
    const gptr = `/Globals/${type === 'rest' ? 'Api' : 'HttpApi'}`;
    const prop = (key: string): { value: unknown; at: SourceRef; scope: SettingScope } | undefined => {
      if (props[key] !== undefined && pptr) return { value: props[key], at: r.ref(pptr, key), scope: 'api' };
      if (g[key] !== undefined) return { value: g[key], at: r.ref(gptr, key), scope: 'global' };
      return undefined;
    };
    const auth = prop('Auth');
    if (auth && isObj(auth.value)) {
      const a = auth.value;
      const aptr = auth.at.pointer;
      if (isObj(a.Authorizers)) for (const [name, def] of Object.entries(a.Authorizers)) api.authorizers.set(name, { node: isObj(def) ? def : {}, at: r.ref(`${aptr}/Authorizers`, name) });
      const def = asText(a.DefaultAuthorizer);
      if (def) api.defaultAuthorizer = { name: def, at: r.ref(aptr, 'DefaultAuthorizer'), scope: auth.scope };
      const key = asBool(a.ApiKeyRequired);
      if (key !== undefined) api.apiKeyRequired = { value: key, at: r.ref(aptr, 'ApiKeyRequired'), scope: auth.scope };
      if (isObj(a.ResourcePolicy)) {
        const rp = a.ResourcePolicy;
        const statements = Array.isArray(rp.CustomStatements) ? rp.CustomStatements : isObj(rp.CustomStatements) ? [rp.CustomStatements] : [];
        const policy = readResourcePolicy({ Statement: statements }, r.ref(aptr, 'ResourcePolicy'));
        if (policy) {
          for (const k of ['IpRangeWhitelist', 'SourceVpcWhitelist', 'AwsAccountWhitelist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist']) policy.z.allow.push(...asTextList(rp[k]).map((x) => `${k}:${x}`));
          for (const k of ['IpRangeBlacklist', 'SourceVpcBlacklist', 'AwsAccountBlacklist', 'IntrinsicVpcBlacklist', 'IntrinsicVpceBlacklist']) policy.z.deny.push(...asTextList(rp[k]).map((x) => `${k}:${x}`));
          api.policy = policy;
          setSetting(config, `aws.${id}.resource_policy`, policy.summary, policy.z.origin);
        }
      }
      if (isObj(a.UsagePlan)) {
        const up = a.UsagePlan;
        const create = (asText(up.CreateUsagePlan) ?? 'NONE').toUpperCase();
        if (create !== 'NONE') {
          const plan: UsagePlanInfo = { name: asText(up.UsagePlanName) ?? `${id} usage plan`, methodThrottles: [], at: r.ref(aptr, 'UsagePlan') };
          planLimits(plan, up, `${aptr}/UsagePlan`);
          api.plans.push(plan);
        }
      }
      if (type === 'http' && asBool(a.EnableIamAuthorizer)) api.authorizers.set('AWS_IAM', { node: {}, at: r.ref(aptr, 'EnableIamAuthorizer') });
    }
    const cors = prop(type === 'rest' ? 'Cors' : 'CorsConfiguration');
    if (cors) api.cors = samCors(cors.value, cors.at, cors.scope, type);
    // Stage: StageName, MethodSettings / route settings, access logs.
    const stageProp = prop('StageName');
    const name = stageProp ? stageName(cfnText(stageProp.value) ?? 'Prod') : type === 'rest' ? 'Prod' : '$default';
    const stage: StageInfo = { name, apiType: type, settings: [], at: stageProp?.at ?? r.ref(pptr ?? '/Resources') };
    const ms = prop('MethodSettings');
    if (ms && Array.isArray(ms.value))
      ms.value.forEach((s, i) => {
        if (isObj(s)) stage.settings.push(methodSetting(s, `${ms.at.pointer}/${i}`, asText(s.ResourcePath) ?? '/*', asText(s.HttpMethod) ?? '*'));
      });
    const drs = prop('DefaultRouteSettings');
    if (drs && isObj(drs.value)) stage.settings.push(methodSetting(drs.value, drs.at.pointer, '*', '*'));
    const rs = prop('RouteSettings');
    if (rs && isObj(rs.value))
      for (const [key, s] of Object.entries(rs.value)) {
        if (!isObj(s)) continue;
        const k = splitMethodSettingKey(key);
        stage.settings.push(methodSetting(s, childPointer(rs.at.pointer, key), k.resourcePath, k.method));
      }
    const access = prop(type === 'rest' ? 'AccessLogSetting' : 'AccessLogSettings');
    if (access && isObj(access.value)) {
      const a: NonNullable<StageInfo['accessLog']> = { at: access.at };
      const dest = cfnText(access.value.DestinationArn);
      if (dest) a.destination = dest;
      const format = cfnText(access.value.Format);
      if (format) a.format = format;
      stage.accessLog = a;
    }
    api.stages.push(stage);
    // The definition.
    const body = prop('DefinitionBody');
    const include = body ? intrinsicOf(body.value) : undefined;
    if (body && include?.fn === 'Transform' && isObj(include.arg)) {
      const params = isObj(include.arg.Parameters) ? include.arg.Parameters : {};
      definitionFile(api, cfnText(params.Location), body.at);
    } else if (body && isObj(body.value) && !include) bodyRoutes(api, body.value, body.at.pointer, r);
    const uri = prop('DefinitionUri');
    if (uri) {
      if (typeof uri.value === 'string') definitionFile(api, uri.value, uri.at);
      else config.problems.push({ message: `${id} takes its definition from S3 (DefinitionUri), which is not part of the evidence`, at: uri.at });
    }
    if (pptr) endpointSettings(id, props, pptr, 'api');
    const trace = prop('TracingEnabled');
    if (trace) setSetting(config, `aws.${id}.tracing_enabled`, asBool(trace.value) ?? false, origin(trace.scope, trace.at));
    const domain = prop('Domain');
    if (domain && isObj(domain.value)) domainListener(`${id} Domain`, domain.value, domain.at.pointer, asText(domain.value.SecurityPolicy));
    return api;
  }

  function bodyRoutes(api: ApiDef, body: Obj, base: string, reader: NodeReader): void {
    const built = buildAwsRoutes({
      r: reader,
      config,
      body,
      base,
      api: api.id,
      apiType: api.type,
      upstreams,
      settingsPrefix: `aws.${api.id}.`,
      ...(api.cors ? { cors: api.cors } : {}),
      defaultAuth: () => [...defaultAuthControls(api), ...(api.apiKeyRequired?.value ? [apiKeyControl(api.apiKeyRequired.at, api.apiKeyRequired.scope)] : [])],
    });
    api.routes.push(...built.routes);
  }

  /** A local OpenAPI file named by DefinitionUri / AWS::Include: read unless it is an export audited on its own. */
  function definitionFile(api: ApiDef, location: string | undefined, at: SourceRef): void {
    if (!location) return;
    if (/^[a-z][a-z0-9+.-]*:/i.test(location)) {
      config.problems.push({ message: `${api.id} takes its definition from ${location}, which is not part of the evidence`, at });
      return;
    }
    const path = joinRelative(dirnameOf(file), location);
    if (path === undefined) throw sources.error(file, at.pointer, `${api.id} definition "${location}" points outside the imported folder; it is not read`);
    const text = files.readText(path);
    if (text === undefined) throw sources.error(file, at.pointer, `${api.id} definition ${path} (from "${location}") was not found in the imported folder`);
    if (sniffAwsOpenApi(path, text.slice(0, 65536))) {
      setSetting(config, `aws.${api.id}.definition_file`, path, origin('api', at, `${path} carries x-amazon-apigateway extensions and is audited as its own API Gateway export; this template's stage settings are not joined to it`));
      return;
    }
    const parsed = sources.add(parseStructured(text, path, { customTags: CFN_TAGS }));
    if (!isObj(parsed.value)) throw sources.error(path, '', 'the API definition is not a mapping');
    bodyRoutes(api, parsed.value, '', new NodeReader(sources, path));
  }

  function eventRoute(api: ApiDef, fnId: string, evPtr: string, p: Obj, path: string | undefined, method: string): void {
    const ppt = `${evPtr}/Properties`;
    const route = path === undefined ? baseRoute(api, 'ANY', '/{proxy+}', r.ref(evPtr)) : baseRoute(api, method, path, r.ref(evPtr));
    if (path === undefined) route.id = `$default ${fnId}`;
    if (api.routes.some((x) => x.id === route.id)) return; // declared in the definition too
    const auth = isObj(p.Auth) ? p.Auth : {};
    const authorizer = asText(auth.Authorizer);
    if (authorizer && authorizer.toUpperCase() !== 'NONE') route.controls.authentication.push(...namedAuth(api, authorizer, r.ref(`${ppt}/Auth`, 'Authorizer'), 'operation'));
    else if (!authorizer) route.controls.authentication.push(...defaultAuthControls(api));
    const key = asBool(auth.ApiKeyRequired);
    if (key === true) route.controls.authentication.push(apiKeyControl(r.ref(`${ppt}/Auth`, 'ApiKeyRequired'), 'operation'));
    else if (key === undefined && api.apiKeyRequired?.value) route.controls.authentication.push(apiKeyControl(api.apiKeyRequired.at, api.apiKeyRequired.scope));
    const scopes = asTextList(auth.AuthorizationScopes);
    if (scopes.length) route.controls.authorization.push({ kind: 'scopes', allow: scopes, deny: [], details: {}, origin: origin('operation', r.ref(`${ppt}/Auth`, 'AuthorizationScopes')) });
    if (api.type === 'rest') {
      const model = isObj(p.RequestModel) ? p.RequestModel : undefined;
      if (model) {
        const body = asBool(model.ValidateBody) ?? false;
        const params = asBool(model.ValidateParameters) ?? false;
        route.controls.requestValidation = { enabled: ['POST', 'PUT', 'PATCH', 'ANY'].includes(method) ? body : params, origin: origin('operation', r.ref(ppt, 'RequestModel')) };
      }
    }
    const fnArn = `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fnId}.Arn}/invocations`;
    const integ: Parameters<UpstreamRegistry['add']>[0] = { type: 'aws_proxy', uri: fnArn, requestParameters: {}, at: r.ref(evPtr), scope: 'operation' };
    const timeout = asNumber(p.TimeoutInMillis);
    if (timeout !== undefined) {
      integ.timeoutMs = timeout;
      integ.timeoutAt = r.ref(ppt, 'TimeoutInMillis');
    }
    const upId = upstreams.add(integ, api.type);
    if (upId) route.upstreamId = upId;
    api.routes.push(route);
  }

  function baseRoute(api: ApiDef, method: string, path: string, at: SourceRef): GatewayRoute {
    const controls = emptyControls();
    controls.sizeLimit = { maxBytes: PAYLOAD_CAP_BYTES, origin: origin('default', at, 'API Gateway caps request payloads at 10 MB (platform quota)') };
    controls.requestValidation = {
      enabled: false,
      origin: origin('default', at, api.type === 'http' ? 'HTTP APIs have no request validation' : 'no request validator: API Gateway does not validate requests'),
    };
    const greedy = /\{[^}]+\+\}/.test(path);
    const any = method === 'ANY' || method === 'X-AMAZON-APIGATEWAY-ANY-METHOD';
    return {
      id: `${any ? 'ANY' : method} ${path}`,
      methods: any ? [] : normalizeMethods([method]),
      rawPath: path,
      pathTemplate: greedy ? prefixTemplate(path.replace(/\/?\{[^}]+\+\}.*$/, '')) : cleanPath(path),
      match: greedy ? 'prefix' : 'template',
      hosts: [],
      protocols: ['https'],
      api: api.id,
      controls,
      at,
    };
  }

  function defaultAuthControls(api: ApiDef): AuthControl[] {
    const out: AuthControl[] = [];
    if (api.defaultAuthorizer && api.defaultAuthorizer.name.toUpperCase() !== 'NONE') out.push(...namedAuth(api, api.defaultAuthorizer.name, api.defaultAuthorizer.at, api.defaultAuthorizer.scope));
    return out;
  }

  function namedAuth(api: ApiDef, name: string, at: SourceRef, scope: SettingScope): AuthControl[] {
    if (name === 'AWS_IAM') return [{ kind: 'aws-iam', details: { authorizer: name }, origin: origin(scope, at) }];
    const def = api.authorizers.get(name);
    if (!def) {
      config.problems.push({ message: `authorizer "${name}" is not defined in the Auth.Authorizers of ${api.id}`, at });
      return [];
    }
    const d = def.node;
    const identity = isObj(d.Identity) ? d.Identity : {};
    const notes: string[] = [];
    const details: Record<string, unknown> = { authorizer: name, definedAt: def.at };
    let kind: string;
    if (d.UserPoolArn !== undefined) {
      kind = 'cognito';
      details.userPoolArn = cfnText(d.UserPoolArn);
    } else if (isObj(d.JwtConfiguration)) {
      kind = 'jwt';
      const audience = asTextList(d.JwtConfiguration.audience ?? d.JwtConfiguration.Audience);
      details.issuer = cfnText(d.JwtConfiguration.issuer ?? d.JwtConfiguration.Issuer);
      details.audience = audience;
      if (!audience.length) notes.push('the JWT authorizer names no audience');
    } else {
      kind = 'lambda-authorizer';
      details.functionArn = cfnText(d.FunctionArn);
      details.payloadType = asText(d.FunctionPayloadType) ?? (api.type === 'rest' ? 'TOKEN' : 'REQUEST');
      const ttl = asNumber(identity.ReauthorizeEvery);
      details.ttlSeconds = ttl ?? (api.type === 'rest' ? 300 : undefined);
      if (ttl === undefined && api.type === 'rest') notes.push('Identity.ReauthorizeEvery defaults to 300 s (authorizer results are cached that long)');
      details.identityValidationExpression = asText(identity.ValidationExpression);
      if (details.payloadType === 'TOKEN' && !identity.ValidationExpression) notes.push('no Identity.ValidationExpression: every token reaches the authorizer');
    }
    for (const k of Object.keys(details)) if (details[k] === undefined) delete details[k];
    return [{ kind, details, origin: origin(scope, at, notes.length ? notes.join('; ') : undefined) }];
  }

  function cfnAuthorizer(authType: string, p: Obj, id: string | undefined, at: SourceRef, apiType: 'rest' | 'http'): AuthControl {
    const t = (asText(p.Type ?? p.AuthorizerType) ?? authType).toUpperCase();
    const kind = t === 'COGNITO_USER_POOLS' ? 'cognito' : t === 'JWT' ? 'jwt' : 'lambda-authorizer';
    const notes: string[] = [];
    const details: Record<string, unknown> = { authorizer: id, authorizerType: t };
    const ttl = asNumber(p.AuthorizerResultTtlInSeconds);
    if (kind === 'lambda-authorizer') {
      details.ttlSeconds = ttl ?? (apiType === 'rest' ? 300 : undefined);
      if (ttl === undefined && apiType === 'rest') notes.push('AuthorizerResultTtlInSeconds defaults to 300 s');
      details.identityValidationExpression = asText(p.IdentityValidationExpression);
      if (t === 'TOKEN' && !p.IdentityValidationExpression) notes.push('no IdentityValidationExpression: every token reaches the authorizer');
    }
    if (kind === 'jwt') {
      const jwt = isObj(p.JwtConfiguration) ? p.JwtConfiguration : {};
      const audience = asTextList(jwt.Audience);
      details.issuer = cfnText(jwt.Issuer);
      details.audience = audience;
      if (!audience.length) notes.push('the JWT authorizer names no audience');
    }
    for (const k of Object.keys(details)) if (details[k] === undefined) delete details[k];
    return { kind, details, origin: origin('operation', at, notes.length ? notes.join('; ') : undefined) };
  }

  function apiKeyControl(at: SourceRef, scope: SettingScope): AuthControl {
    return { kind: 'api-key', credentialsInQuery: false, details: { note: 'API keys identify a client for usage plans; AWS says not to use them for authentication or authorization' }, origin: origin(scope, at) };
  }

  function methodSetting(s: Obj, ptr: string, rp: string, method: string): MethodSetting {
    const k = splitMethodSettingKey(`${rp}/${method}`);
    const m: MethodSetting = { resourcePath: rp === '/*' || rp === '*' ? '*' : k.resourcePath, method: method === '*' ? '*' : method.toUpperCase(), at: r.ref(ptr) };
    const rate = asNumber(s.ThrottlingRateLimit);
    if (rate !== undefined) m.rateLimit = rate;
    const burst = asNumber(s.ThrottlingBurstLimit);
    if (burst !== undefined) m.burstLimit = burst;
    const trace = asBool(s.DataTraceEnabled);
    if (trace !== undefined) m.dataTrace = trace;
    const level = asText(s.LoggingLevel);
    if (level !== undefined) m.loggingLevel = level;
    return m;
  }

  function cfnStage(name: string, props: Obj, pptr: string, type: 'rest' | 'http'): StageInfo {
    const stage: StageInfo = { name: stageName(name), apiType: type, settings: [], at: r.ref(pptr) };
    if (Array.isArray(props.MethodSettings))
      props.MethodSettings.forEach((s, i) => {
        if (isObj(s)) stage.settings.push(methodSetting(s, `${pptr}/MethodSettings/${i}`, asText(s.ResourcePath) ?? '/*', asText(s.HttpMethod) ?? '*'));
      });
    if (isObj(props.DefaultRouteSettings)) stage.settings.push(methodSetting(props.DefaultRouteSettings, `${pptr}/DefaultRouteSettings`, '*', '*'));
    if (isObj(props.RouteSettings))
      for (const [key, s] of Object.entries(props.RouteSettings)) {
        if (!isObj(s)) continue;
        const k = splitMethodSettingKey(key);
        stage.settings.push(methodSetting(s, childPointer(`${pptr}/RouteSettings`, key), k.resourcePath, k.method));
      }
    const access = isObj(props.AccessLogSetting) ? ['AccessLogSetting', props.AccessLogSetting] : isObj(props.AccessLogSettings) ? ['AccessLogSettings', props.AccessLogSettings] : undefined;
    if (access) {
      const [key, node] = access as [string, Obj];
      const a: NonNullable<StageInfo['accessLog']> = { at: r.ref(pptr, key) };
      const dest = cfnText(node.DestinationArn);
      if (dest) a.destination = dest;
      const format = cfnText(node.Format);
      if (format) a.format = format;
      stage.accessLog = a;
    }
    return stage;
  }

  function planLimits(plan: UsagePlanInfo, node: Obj, ptr: string): void {
    if (isObj(node.Throttle)) {
      const t: NonNullable<UsagePlanInfo['throttle']> = { at: r.ref(ptr, 'Throttle') };
      const rate = asNumber(node.Throttle.RateLimit);
      if (rate !== undefined) t.rateLimit = rate;
      const burst = asNumber(node.Throttle.BurstLimit);
      if (burst !== undefined) t.burstLimit = burst;
      plan.throttle = t;
    }
    if (isObj(node.Quota)) {
      const q: NonNullable<UsagePlanInfo['quota']> = { at: r.ref(ptr, 'Quota') };
      const limit = asNumber(node.Quota.Limit);
      if (limit !== undefined) q.limit = limit;
      const period = asText(node.Quota.Period);
      if (period) q.period = period;
      plan.quota = q;
    }
  }

  function endpointSettings(id: string, props: Obj, pptr: string, scope: SettingScope): void {
    const disable = asBool(props.DisableExecuteApiEndpoint);
    if (disable !== undefined) setSetting(config, `aws.${id}.disable_execute_api_endpoint`, disable, origin(scope, r.ref(pptr, 'DisableExecuteApiEndpoint')));
    else if (!config.settings[`aws.${id}.disable_execute_api_endpoint`])
      setSetting(
        config,
        `aws.${id}.disable_execute_api_endpoint`,
        false,
        origin('default', r.ref(pptr.replace(/\/Properties$/, '')), 'DisableExecuteApiEndpoint is not set: the default execute-api endpoint stays reachable and bypasses custom-domain controls such as mutual TLS'),
      );
    const ec = props.EndpointConfiguration;
    if (ec !== undefined) {
      const types = typeof ec === 'string' ? [ec] : isObj(ec) ? asTextList(ec.Types ?? ec.Type) : [];
      const vpce = isObj(ec) ? asTextList(ec.VpcEndpointIds ?? ec.VPCEndpointIds) : [];
      setSetting(config, `aws.${id}.endpoint_configuration`, { types, vpcEndpointIds: vpce }, origin(scope, r.ref(pptr, 'EndpointConfiguration')));
    }
  }

  function domainListener(id: string, props: Obj, pptr: string, policy: string | undefined): void {
    const host = cfnText(props.DomainName);
    const tls =
      policy === undefined
        ? { protocols: [], origin: origin('default', r.ref(pptr), 'SecurityPolicy is not set: the TLS versions accepted depend on the default policy of the endpoint type') }
        : { protocols: /TLS_1_0/i.test(policy) ? ['TLSv1', 'TLSv1.1', 'TLSv1.2'] : /TLS_1_2|TLS13|TLS_1_3/i.test(policy) ? ['TLSv1.2', 'TLSv1.3'] : [], origin: origin('listener', r.ref(pptr, 'SecurityPolicy')) };
    config.listeners.push({ name: id, protocol: 'https', hostnames: host ? [host] : [], tls, redirectsToHttps: false, at: r.ref(pptr) });
    if (policy) setSetting(config, `aws.${id.replace(/ Domain$/, '')}.security_policy`, policy, origin('listener', r.ref(pptr, 'SecurityPolicy')));
  }
}

/** `!Ref ApiStage` → the parameter name; `prod` as is. */
function stageName(s: string): string {
  return s.replace(/^\$\{([^}]+)\}$/, '$1');
}

function samCors(value: unknown, at: SourceRef, scope: SettingScope, type: 'rest' | 'http'): CorsControl | undefined {
  const unquote = (s: string) => s.trim().replace(/^'+|'+$/g, '');
  if (typeof value === 'string') return { origins: unquote(value).split(',').map((s) => s.trim()).filter(Boolean), credentials: false, origin: origin(scope, at) };
  if (value === true) return { origins: ['*'], credentials: false, origin: origin(scope, at, 'CorsConfiguration: true allows every origin') };
  if (!isObj(value)) return undefined;
  if (type === 'http') return v2Cors(value, at, scope);
  const allow = cfnText(value.AllowOrigin) ?? "'*'";
  return { origins: unquote(allow).split(',').map((s) => s.trim()).filter(Boolean), credentials: asBool(value.AllowCredentials) ?? false, origin: origin(scope, at) };
}

function v2Cors(value: Obj, at: SourceRef, scope: SettingScope = 'api'): CorsControl {
  return { origins: asTextList(value.AllowOrigins ?? value.allowOrigins), credentials: asBool(value.AllowCredentials ?? value.allowCredentials) ?? false, origin: origin(scope, at) };
}

