/**
 * Kong plugins → route controls. Each plugin in force on a route adds what it enforces:
 * authentication (key-auth, jwt, oauth2, basic-auth, hmac-auth, openid-connect, ldap, mtls…),
 * authorization (acl, ip-restriction, bot-detection, request-termination), rate limits
 * (rate-limiting, rate-limiting-advanced, response-ratelimiting, ai-rate-limiting-advanced),
 * request-size-limiting, cors, the log plugins, request validation and the AI plugins.
 * Where a security-relevant field is absent, Kong's documented default (docs/controls.md §5.1,
 * verified in Kong's plugin schemas) is used and named in the origin's defaultNote.
 */
import type { AiControl, AuthControl, AuthzControl, LoggingControl, RateLimitControl, RouteControls, SettingScope } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import { joinNotes, origin, parseUrl } from '../common/a-gateway-config.js';
import { asBool, asNumber, asText, asTextList, isObj, type Obj } from '../common/a-node-reader.js';
import { redactSecretsInText, withoutUrlCredentials } from '../common/a-secrets.js';

/** One plugin instance as declared in the decK file. */
export interface KongPlugin {
  name: string;
  config: Obj;
  enabled: boolean;
  /** Protocols the plugin runs on; undefined when not restricted. */
  protocols?: string[];
  at: SourceRef;
  /** Who it is attached to, for messages: `service "orders"`, `consumer "alice"`, `global`. */
  owner: string;
  /** Entity keys it is scoped to (internal ids of the importer). */
  scope: { service?: string; route?: string; consumer?: string; consumerGroup?: string };
  /** It names an entity that is not in the file: it applies nowhere. */
  unresolved?: boolean;
  /** Name + consumer / group: one instance per key applies (computed once, by the importer). */
  key?: string;
}

/** A value read from a plugin config with its default applied, and whether the default was used. */
interface Read<T> {
  value: T;
  defaulted: boolean;
}

function read<T>(cfg: Obj, key: string, def: T, parse: (v: unknown) => T | undefined): Read<T> {
  const raw = cfg[key];
  if (raw === undefined || raw === null) return { value: def, defaulted: true };
  const v = parse(raw);
  return v === undefined ? { value: def, defaulted: true } : { value: v, defaulted: false };
}

const bool = (cfg: Obj, key: string, def: boolean): Read<boolean> => read(cfg, key, def, asBool);
const num = (cfg: Obj, key: string, def: number): Read<number> => read(cfg, key, def, asNumber);
const text = (cfg: Obj, key: string, def: string): Read<string> => read(cfg, key, def, asText);
const list = (cfg: Obj, key: string, def: string[]): Read<string[]> =>
  read(cfg, key, def, (v) => (Array.isArray(v) || typeof v === 'string' ? asTextList(v) : undefined));

function optText(cfg: Obj, key: string): string | undefined {
  const v = asText(cfg[key]);
  return v === undefined || v === '' ? undefined : v;
}

const WINDOWS: [string, number][] = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3600],
  ['day', 86400],
  ['month', 2592000],
  ['year', 31536000],
];

/** What a plugin needs to know about where it applies. */
export interface PluginPlace {
  scope: SettingScope;
  /** The consumer or consumer group a scoped plugin applies to. */
  subject?: string;
}

/**
 * Adds the controls a plugin puts in force. Returns false when the plugin is not one that maps
 * to a control (transformers, metrics, caching…); the caller keeps a list of those.
 */
export function applyPlugin(p: KongPlugin, place: PluginPlace, c: RouteControls): boolean {
  const cfg = p.config;
  const notes: string[] = [];
  const defaults: string[] = [];
  const note = (r: Read<unknown>, field: string, text: string): void => {
    if (r.defaulted) {
      notes.push(text);
      defaults.push(field);
    }
  };
  const o = () => origin(place.scope, p.at, joinNotes(notes));
  const subject = place.subject ? { appliesTo: place.subject } : {};
  const anonymous = optText(cfg, 'anonymous');
  const auth = (kind: string, extra: Partial<AuthControl>, details: Record<string, unknown>): void => {
    const a: AuthControl = { kind, details: { plugin: p.name, ...details, ...subject, ...(defaults.length ? { defaults: [...defaults] } : {}) }, origin: o() };
    if (extra.credentialsInQuery !== undefined) a.credentialsInQuery = extra.credentialsInQuery;
    a.allowsAnonymous = anonymous !== undefined;
    if (extra.forwardsCredentials !== undefined) a.forwardsCredentials = extra.forwardsCredentials;
    if (anonymous) a.details.anonymous = anonymous;
    c.authentication.push(a);
  };
  const hideCredentials = (): boolean => {
    const hide = bool(cfg, 'hide_credentials', false);
    note(hide, 'hide_credentials', `Kong ${p.name} hide_credentials defaults to false (credentials are forwarded to the upstream)`);
    return !hide.value;
  };

  switch (p.name) {
    case 'key-auth':
    case 'key-auth-enc': {
      const inQuery = bool(cfg, 'key_in_query', true);
      note(inQuery, 'key_in_query', 'Kong key-auth key_in_query defaults to true (keys are accepted in the query string)');
      const forwards = hideCredentials();
      const keyNames = list(cfg, 'key_names', ['apikey']);
      auth('key-auth', { credentialsInQuery: inQuery.value, forwardsCredentials: forwards }, {
        keyNames: keyNames.value,
        keyInHeader: bool(cfg, 'key_in_header', true).value,
        keyInBody: bool(cfg, 'key_in_body', false).value,
        runOnPreflight: bool(cfg, 'run_on_preflight', true).value,
      });
      return true;
    }
    case 'jwt': {
      const uriParams = list(cfg, 'uri_param_names', ['jwt']);
      note(uriParams, 'uri_param_names', 'Kong jwt uri_param_names defaults to ["jwt"] (tokens are accepted in the query string)');
      const claims = list(cfg, 'claims_to_verify', []);
      note(claims, 'claims_to_verify', 'Kong jwt claims_to_verify has no default: token expiry (exp) is not checked unless configured');
      const maxExp = num(cfg, 'maximum_expiration', 0);
      note(maxExp, 'maximum_expiration', 'Kong jwt maximum_expiration defaults to 0 (no cap on token lifetime)');
      auth('jwt', { credentialsInQuery: uriParams.value.length > 0 }, {
        uriParamNames: uriParams.value,
        claimsToVerify: claims.value,
        verifiesExpiry: claims.value.includes('exp'),
        maximumExpiration: maxExp.value,
        headerNames: list(cfg, 'header_names', ['authorization']).value,
        cookieNames: list(cfg, 'cookie_names', []).value,
        keyClaimName: text(cfg, 'key_claim_name', 'iss').value,
        secretIsBase64: bool(cfg, 'secret_is_base64', false).value,
      });
      return true;
    }
    case 'oauth2': {
      const grants: Record<string, boolean> = {};
      for (const g of ['enable_authorization_code', 'enable_implicit_grant', 'enable_client_credentials', 'enable_password_grant'])
        grants[g] = bool(cfg, g, false).value;
      const tokenExp = num(cfg, 'token_expiration', 7200);
      note(tokenExp, 'token_expiration', 'Kong oauth2 token_expiration defaults to 7200 s');
      const refreshTtl = num(cfg, 'refresh_token_ttl', 1209600);
      note(refreshTtl, 'refresh_token_ttl', 'Kong oauth2 refresh_token_ttl defaults to 1209600 s (14 days)');
      const pkce = text(cfg, 'pkce', 'lax');
      note(pkce, 'pkce', 'Kong oauth2 pkce defaults to lax (PKCE not required)');
      const forwards = hideCredentials();
      auth('oauth2', { forwardsCredentials: forwards }, {
        scopes: list(cfg, 'scopes', []).value,
        mandatoryScope: bool(cfg, 'mandatory_scope', false).value,
        grants,
        implicitGrant: grants.enable_implicit_grant,
        passwordGrant: grants.enable_password_grant,
        tokenExpiration: tokenExp.value,
        refreshTokenTtl: refreshTtl.value,
        pkce: pkce.value,
        acceptHttpIfAlreadyTerminated: bool(cfg, 'accept_http_if_already_terminated', false).value,
        globalCredentials: bool(cfg, 'global_credentials', false).value,
        reuseRefreshToken: bool(cfg, 'reuse_refresh_token', false).value,
      });
      return true;
    }
    case 'basic-auth':
      auth('basic', { forwardsCredentials: hideCredentials() }, {});
      return true;
    case 'hmac-auth':
      auth('hmac', { forwardsCredentials: hideCredentials() }, {
        clockSkew: num(cfg, 'clock_skew', 300).value,
        enforceHeaders: list(cfg, 'enforce_headers', []).value,
        algorithms: list(cfg, 'algorithms', []).value,
        validateRequestBody: bool(cfg, 'validate_request_body', false).value,
      });
      return true;
    case 'ldap-auth':
    case 'ldap-auth-advanced':
      auth('ldap', { forwardsCredentials: hideCredentials() }, { ldapHost: optText(cfg, 'ldap_host'), ldaps: asBool(cfg.ldaps), startTls: asBool(cfg.start_tls) });
      return true;
    case 'openid-connect': {
      const bearerIn = asTextList(cfg.bearer_token_param_type);
      const extra: Partial<AuthControl> = {};
      if (bearerIn.length) extra.credentialsInQuery = bearerIn.includes('query');
      auth('openid-connect', extra, {
        issuer: optText(cfg, 'issuer'),
        authMethods: asTextList(cfg.auth_methods),
        bearerTokenParamType: bearerIn,
        audienceRequired: asTextList(cfg.audience_required),
        scopesRequired: asTextList(cfg.scopes_required),
        verifyClaims: asBool(cfg.verify_claims),
      });
      return true;
    }
    case 'mtls-auth':
      auth('mtls', {}, { skipConsumerLookup: asBool(cfg.skip_consumer_lookup), revocationCheckMode: optText(cfg, 'revocation_check_mode') });
      return true;
    case 'oauth2-introspection':
      auth('oauth2-introspection', { forwardsCredentials: hideCredentials() }, { introspectionUrl: optText(cfg, 'introspection_url') });
      return true;
    case 'vault-auth':
      auth('vault-auth', { forwardsCredentials: hideCredentials() }, {});
      return true;
    case 'saml':
      auth('saml', {}, { issuer: optText(cfg, 'issuer') });
      return true;

    case 'acl': {
      const allow = asTextList(cfg.allow ?? cfg.whitelist);
      const deny = asTextList(cfg.deny ?? cfg.blacklist);
      authz('acl', allow, deny, {
        hideGroupsHeader: asBool(cfg.hide_groups_header) ?? false,
        alwaysUseAuthenticatedGroups: asBool(cfg.always_use_authenticated_groups) ?? false,
      });
      return true;
    }
    case 'ip-restriction':
      authz('ip-restriction', asTextList(cfg.allow ?? cfg.whitelist), asTextList(cfg.deny ?? cfg.blacklist), { status: asNumber(cfg.status), message: optText(cfg, 'message') });
      return true;
    case 'bot-detection':
      authz('bot-detection', asTextList(cfg.allow ?? cfg.whitelist), asTextList(cfg.deny ?? cfg.blacklist), {});
      return true;
    case 'request-termination': {
      const status = num(cfg, 'status_code', 503).value;
      authz('request-termination', [], ['*'], { statusCode: status, message: optText(cfg, 'message'), echo: asBool(cfg.echo) });
      return true;
    }
    case 'opa':
      authz('opa', [], [], { opaPath: optText(cfg, 'opa_path'), opaHost: optText(cfg, 'opa_host') });
      return true;

    case 'rate-limiting': {
      const limitBy = text(cfg, 'limit_by', 'consumer');
      note(limitBy, 'limit_by', 'Kong rate-limiting limit_by defaults to consumer (falls back to the client IP when no consumer is identified)');
      const policy = text(cfg, 'policy', 'local');
      note(policy, 'policy', 'Kong rate-limiting policy defaults to local (a counter per Kong node)');
      const faultTolerant = bool(cfg, 'fault_tolerant', true);
      note(faultTolerant, 'fault_tolerant', 'Kong rate-limiting fault_tolerant defaults to true (requests pass when the counter store fails)');
      const keyedBy = keyOf(limitBy.value, cfg);
      const details = { plugin: p.name, policy: policy.value, faultTolerant: faultTolerant.value, hideClientHeaders: asBool(cfg.hide_client_headers) ?? false, errorCode: asNumber(cfg.error_code) ?? 429, ...subject, ...(defaults.length ? { defaults: [...defaults] } : {}) };
      let any = false;
      for (const [w, seconds] of WINDOWS) {
        const limit = asNumber(cfg[w]);
        if (limit === undefined) continue;
        any = true;
        rate({ kind: 'rate-limiting', limit, windowSeconds: seconds, unit: 'requests', keyedBy, enforced: true, origin: o(), details });
      }
      if (!any) rate({ kind: 'rate-limiting', unit: 'requests', keyedBy, enforced: true, origin: o(), details });
      return true;
    }
    case 'rate-limiting-advanced':
    case 'graphql-rate-limiting-advanced': {
      const identifier = text(cfg, 'identifier', 'consumer');
      note(identifier, 'identifier', `Kong ${p.name} identifier defaults to consumer (falls back to the client IP when no consumer is identified)`);
      const strategy = optText(cfg, 'strategy');
      const details = {
        plugin: p.name,
        strategy,
        windowType: optText(cfg, 'window_type'),
        syncRate: asNumber(cfg.sync_rate),
        namespace: optText(cfg, 'namespace'),
        consumerGroups: asTextList(cfg.consumer_groups),
        enforceConsumerGroups: asBool(cfg.enforce_consumer_groups),
        ...subject,
        ...(defaults.length ? { defaults: [...defaults] } : {}),
      };
      const keyedBy = keyOf(identifier.value, cfg);
      const any = pairs(cfg.limit, cfg.window_size, (limit, windowSeconds) =>
        rate({ kind: p.name, limit, windowSeconds, unit: 'requests', keyedBy, enforced: true, origin: o(), details }),
      );
      if (!any) rate({ kind: p.name, unit: 'requests', keyedBy, enforced: true, origin: o(), details });
      return true;
    }
    case 'response-ratelimiting': {
      const limits = isObj(cfg.limits) ? cfg.limits : {};
      const keyedBy = keyOf(text(cfg, 'limit_by', 'consumer').value, cfg);
      for (const [name, spec] of Object.entries(limits)) {
        if (!isObj(spec)) continue;
        for (const [w, seconds] of WINDOWS) {
          const limit = asNumber(spec[w]);
          if (limit !== undefined)
            rate({ kind: 'response-ratelimiting', limit, windowSeconds: seconds, unit: 'requests', keyedBy, enforced: true, origin: o(), details: { plugin: p.name, limitName: name, countedFrom: 'upstream response header', ...subject } });
        }
      }
      return true;
    }
    case 'ai-rate-limiting-advanced':
    case 'ai-rate-limiting': {
      const providers = Array.isArray(cfg.llm_providers) ? cfg.llm_providers : [];
      const keyedBy = keyOf(text(cfg, 'identifier', 'consumer').value, cfg);
      let any = false;
      for (const prov of providers) {
        if (!isObj(prov)) continue;
        any =
          pairs(prov.limit, prov.window_size, (limit, windowSeconds) =>
            rate({ kind: p.name, limit, windowSeconds, unit: 'tokens', keyedBy, enforced: true, origin: o(), details: { plugin: p.name, provider: asText(prov.name), tokensCountStrategy: optText(cfg, 'tokens_count_strategy'), ...subject } }),
          ) || any;
      }
      if (!any)
        any = pairs(cfg.limit, cfg.window_size, (limit, windowSeconds) =>
          rate({ kind: p.name, limit, windowSeconds, unit: 'tokens', keyedBy, enforced: true, origin: o(), details: { plugin: p.name, ...subject } }),
        );
      if (!any) rate({ kind: p.name, unit: 'tokens', keyedBy, enforced: true, origin: o(), details: { plugin: p.name, ...subject } });
      return true;
    }

    case 'request-size-limiting': {
      const size = num(cfg, 'allowed_payload_size', 128);
      note(size, 'allowed_payload_size', 'Kong request-size-limiting allowed_payload_size defaults to 128');
      const unit = text(cfg, 'size_unit', 'megabytes');
      note(unit, 'size_unit', 'size_unit defaults to megabytes');
      const factor = unit.value === 'bytes' ? 1 : unit.value === 'kilobytes' ? 1024 : 1024 * 1024;
      c.sizeLimit = { maxBytes: size.value * factor, origin: o() };
      return true;
    }
    case 'cors': {
      const origins = list(cfg, 'origins', []);
      note(origins, 'origins', 'Kong cors without origins answers every origin with Access-Control-Allow-Origin: *');
      const credentials = bool(cfg, 'credentials', false);
      c.cors = { origins: origins.value.length ? origins.value : ['*'], credentials: credentials.value, origin: o() };
      return true;
    }

    case 'file-log':
    case 'http-log':
    case 'tcp-log':
    case 'udp-log':
    case 'syslog':
    case 'loggly':
    case 'kafka-log': {
      const custom = isObj(cfg.custom_fields_by_lua) ? Object.values(cfg.custom_fields_by_lua).map((v) => asText(v) ?? '').join('\n') : '';
      const l: LoggingControl = {
        kind: p.name,
        capturesBodies: /get_raw_body|get_body|response\.get_raw_body|ngx\.req\.get_body_data/.test(custom),
        capturesHeaders: true,
        masksPersonalData: false,
        origin: origin(place.scope, p.at, 'Kong log plugins record request and response headers, query strings and the client IP; only Authorization and Proxy-Authorization headers are redacted'),
      };
      const sink = logSink(p.name, cfg);
      if (sink) l.sink = sink;
      c.logging.push(l);
      return true;
    }

    case 'request-validator':
    case 'oas-validation':
      c.requestValidation = { enabled: true, origin: o() };
      return true;
  }

  if (p.name.startsWith('ai-')) {
    applyAiPlugin(p, place, c);
    return true;
  }
  return false;

  function authz(kind: string, allow: string[], deny: string[], details: Record<string, unknown>): void {
    const z: AuthzControl = { kind, allow, deny, details: { plugin: p.name, ...details, ...subject }, origin: o() };
    c.authorization.push(z);
  }
  function rate(r: RateLimitControl): void {
    c.rateLimits.push(r);
  }
}

/** Calls `fn` for each (limit, window) pair of two parallel lists; true when there was one. */
function pairs(limits: unknown, windows: unknown, fn: (limit: number, windowSeconds: number) => void): boolean {
  const ls = Array.isArray(limits) ? limits : limits === undefined ? [] : [limits];
  const ws = Array.isArray(windows) ? windows : windows === undefined ? [] : [windows];
  let any = false;
  ls.forEach((l, i) => {
    const limit = asNumber(l);
    const w = asNumber(ws[i]);
    if (limit === undefined) return;
    any = true;
    fn(limit, w ?? 60);
  });
  return any;
}

function keyOf(limitBy: string, cfg: Obj): string {
  if (limitBy === 'header') return `header:${asText(cfg.header_name) ?? '?'}`;
  if (limitBy === 'path') return `path:${asText(cfg.path) ?? '?'}`;
  return limitBy;
}

function logSink(name: string, cfg: Obj): string | undefined {
  switch (name) {
    case 'http-log': {
      const endpoint = optText(cfg, 'http_endpoint');
      return endpoint ? withoutUrlCredentials(endpoint) : undefined;
    }
    case 'file-log':
      return optText(cfg, 'path') ? `file:${optText(cfg, 'path')}` : undefined;
    case 'tcp-log': {
      const host = optText(cfg, 'host');
      return host ? `${asBool(cfg.tls) ? 'tls' : 'tcp'}://${host}:${asNumber(cfg.port) ?? ''}` : undefined;
    }
    case 'udp-log': {
      const host = optText(cfg, 'host');
      return host ? `udp://${host}:${asNumber(cfg.port) ?? ''}` : undefined;
    }
    case 'loggly':
      return `${optText(cfg, 'host') ?? 'logs-01.loggly.com'}`;
    case 'kafka-log':
      return Array.isArray(cfg.bootstrap_servers)
        ? cfg.bootstrap_servers.map((s) => (isObj(s) ? `${asText(s.host) ?? ''}:${asText(s.port) ?? ''}` : asText(s) ?? '')).join(',')
        : undefined;
    default:
      return undefined;
  }
}

/** The host an AI provider is reached at, when the provider name alone says it. */
export function aiProviderHost(provider: string | undefined, options: Obj): string | undefined {
  const upstreamUrl = asText(options.upstream_url);
  if (upstreamUrl) return parseUrl(upstreamUrl)?.host;
  switch (provider) {
    case 'openai':
      return 'api.openai.com';
    case 'anthropic':
      return 'api.anthropic.com';
    case 'azure': {
      const instance = asText(options.azure_instance);
      return instance ? `${instance}.openai.azure.com` : '*.openai.azure.com';
    }
    case 'mistral':
      return 'api.mistral.ai';
    case 'cohere':
      return 'api.cohere.com';
    case 'gemini':
      return 'generativelanguage.googleapis.com';
    case 'bedrock': {
      const region = isObj(options.bedrock) ? asText(options.bedrock.aws_region) : undefined;
      return `bedrock-runtime.${region ?? '<region>'}.amazonaws.com`;
    }
    case 'huggingface':
      return 'api-inference.huggingface.co';
    default:
      return undefined;
  }
}

function applyAiPlugin(p: KongPlugin, place: PluginPlace, c: RouteControls): void {
  const cfg = p.config;
  const subject = place.subject ? { appliesTo: place.subject } : {};
  const logging = isObj(cfg.logging) ? cfg.logging : {};
  const logPayloads = asBool(logging.log_payloads);
  const logStatistics = asBool(logging.log_statistics);
  const targets = p.name === 'ai-proxy-advanced' && Array.isArray(cfg.targets) ? cfg.targets.filter(isObj) : [cfg];
  for (const target of targets) {
    const model = isObj(target.model) ? target.model : {};
    const options = isObj(model.options) ? model.options : {};
    const tLogging = isObj(target.logging) ? target.logging : logging;
    const payloads = asBool(tLogging.log_payloads) ?? logPayloads;
    const notes: string[] = [];
    if (payloads === undefined && (p.name === 'ai-proxy' || p.name === 'ai-proxy-advanced')) notes.push('Kong ai-proxy logging.log_payloads defaults to false');
    const a: AiControl = {
      kind: p.name,
      details: {
        plugin: p.name,
        ...subject,
        routeType: asText(target.route_type ?? cfg.route_type),
        logStatistics: asBool(tLogging.log_statistics) ?? logStatistics ?? false,
        maxRequestBodySize: asNumber(cfg.max_request_body_size) ?? (p.name.startsWith('ai-proxy') || p.name === 'ai-prompt-guard' ? 8192 : undefined),
        ...aiSpecifics(p.name, cfg),
      },
      origin: origin(place.scope, p.at, joinNotes(notes)),
    };
    const provider = asText(model.provider);
    if (provider) a.provider = provider;
    const modelName = asText(model.name);
    if (modelName) a.model = modelName;
    const host = aiProviderHost(provider, options);
    if (host) a.providerHost = host;
    const maxTokens = asNumber(options.max_tokens);
    if (maxTokens !== undefined) a.maxTokens = maxTokens;
    if (p.name === 'ai-proxy' || p.name === 'ai-proxy-advanced') a.logsPayloads = payloads ?? false;
    else if (payloads !== undefined) a.logsPayloads = payloads;
    c.ai.push(a);
  }
}

/** The fields of the prompt and content plugins that LLM rules look at (never credentials). */
function aiSpecifics(name: string, cfg: Obj): Record<string, unknown> {
  switch (name) {
    case 'ai-prompt-guard':
      return {
        allowPatterns: asTextList(cfg.allow_patterns),
        denyPatterns: asTextList(cfg.deny_patterns),
        allowAllConversationHistory: asBool(cfg.allow_all_conversation_history) ?? false,
        matchAllRoles: asBool(cfg.match_all_roles) ?? false,
      };
    case 'ai-prompt-decorator': {
      const prompts = isObj(cfg.prompts) ? cfg.prompts : {};
      const texts = (v: unknown) => (Array.isArray(v) ? v.filter(isObj).map((m) => ({ role: asText(m.role), content: redactSecretsInText(asText(m.content) ?? '').text })) : []);
      return { prepend: texts(prompts.prepend), append: texts(prompts.append) };
    }
    case 'ai-prompt-template':
      return { templates: Array.isArray(cfg.templates) ? cfg.templates.filter(isObj).map((t) => ({ name: asText(t.name), template: redactSecretsInText(asText(t.template) ?? '').text })) : [], allowUntemplatedRequests: asBool(cfg.allow_untemplated_requests) };
    default:
      return {};
  }
}
