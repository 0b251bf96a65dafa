/**
 * An Apigee bundle → the normalized gateway model (controls.md §5.6). A policy counts only where
 * a `<Step>` attaches it: the ProxyEndpoint PreFlow, the conditional Flow a request matches
 * (or the first unconditional one), the PostFlow, then the TargetEndpoint's flows chosen by the
 * RouteRule; response flows and the PostClientFlow for CORS headers and message logging.
 *
 * Each conditional Flow becomes a route (its verbs and path suffix below the base path); requests
 * that match no conditional Flow still reach the target, so the base path itself is a route too,
 * unless an unconditional Flow answers them with a RaiseFault.
 *
 * A `<Step><Condition>` on a security policy, or `continueOnError="true"`, lets some requests pass
 * unauthenticated: recorded as `allowsAnonymous` with the condition. `enabled="false"` policies do
 * not run: they are left out (noted as problems), and rate limits become not enforced.
 * Per-route facts without a field in the route model go to `settings` under
 * `route:<route id>:<name>` (`threat-protection`, `backend-authentication`).
 */
import type { AuthControl, GatewayConfig, GatewayRoute, Listener, Origin, RateLimitControl, RouteControls, SettingScope, Upstream } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import {
  containsPrivateKey,
  defaultOrigin,
  emptyConfig,
  emptyControls,
  isReferenceOrEmpty,
  literalAuthorization,
  llmProviderOf,
  origin,
  prefixTemplate,
  secretKindOfName,
  splitUrl,
} from '../common/b-model.js';
import { child, childrenNamed, childText, descendants, type XmlElement } from '../common/b-xml.js';
import type { ApigeeBundle, ApigeeEndpoint, ApigeePolicy, ApigeeStep } from './apigee-bundle.js';
import { onlySkipsPreflight, readCondition } from './apigee-conditions.js';

const at = (file: string, el: XmlElement): SourceRef => ({ file, pointer: el.pointer });

const SECURITY = new Set(['VerifyAPIKey', 'OAuthV2', 'VerifyJWT', 'VerifyJWS', 'BasicAuthentication', 'AccessControl', 'SAMLAssertion', 'OAuthV1']);
const LIMITS = new Set(['Quota', 'SpikeArrest', 'ConcurrentRatelimit']);
const THREAT = new Set(['JSONThreatProtection', 'XMLThreatProtection', 'RegularExpressionProtection', 'OASValidation', 'MessageValidation', 'SOAPMessageValidation']);

/** Apigee's platform cap on request payloads. */
const PAYLOAD_CAP = 10 * 1048576;

interface Attached {
  step: ApigeeStep;
  policy: ApigeePolicy;
  scope: SettingScope;
  side: 'request' | 'response';
}

export function buildApigeeModel(bundle: ApigeeBundle): GatewayConfig {
  const config = emptyConfig('apigee', bundle.descriptorFile, 'apigee-bundle');
  config.files = bundle.files;
  config.problems.push(...bundle.problems);
  const descriptorAt = at(bundle.descriptorFile, bundle.descriptor);
  config.settings.apiproxy = {
    value: { name: bundle.name, revision: bundle.descriptor.attrs.revision, description: childText(bundle.descriptor, 'Description') },
    origin: origin('api', descriptorAt),
  };
  collectPolicySecrets(config, bundle);

  const upstreamByTarget = new Map<string, Upstream>();
  for (const t of bundle.targets.values()) {
    const u = targetUpstream(config, t);
    if (u) upstreamByTarget.set(t.name, u);
  }
  const listeners = new Map<string, Listener>();
  // Which policies a Step attaches anywhere (flows, fault rules), and Steps naming unknown policies.
  for (const e of [...bundle.proxies, ...bundle.targets.values()])
    for (const step of e.allSteps) {
      const policy = bundle.policies.get(step.policyName);
      if (policy) policy.attached = true;
      else config.problems.push({ message: `Step names policy "${step.policyName}", which is not in the bundle`, at: at(step.file, step.el) });
    }

  for (const proxy of bundle.proxies) {
    const conn = child(proxy.el, 'HTTPProxyConnection');
    const basePath = childText(conn, 'BasePath') ?? '/';
    const vhosts = childrenNamed(conn, 'VirtualHost');
    const vhostNames = vhosts.length ? vhosts.map((v) => v.text.trim()) : ['default', 'secure'];
    for (const [i, name] of vhostNames.entries()) {
      if (listeners.has(name)) continue;
      const secure = name !== 'default';
      listeners.set(name, { name, protocol: secure ? 'https' : 'http', hostnames: [], redirectsToHttps: false, at: vhosts[i] ? at(proxy.file, vhosts[i]!) : at(proxy.file, proxy.el) });
    }
    if (!vhosts.length)
      config.settings[`proxy:${proxy.name}:virtual-hosts`] = {
        value: vhostNames,
        origin: defaultOrigin(at(proxy.file, conn ?? proxy.el), 'no <VirtualHost>: Apigee Edge serves the proxy on every virtual host of the environment (default and secure)'),
      };
    const protocols = [...new Set(vhostNames.map((n) => (n === 'default' ? 'http' : 'https')))];
    config.settings[`proxy:${proxy.name}:fault-rules`] = { value: proxy.faultRules, origin: origin('api', at(proxy.file, proxy.el)) };

    // The target of an unconditional RouteRule (or the last one).
    const rules = childrenNamed(proxy.el, 'RouteRule');
    const rule = rules.find((r) => !childText(r, 'Condition')) ?? rules[rules.length - 1];
    let upstream: Upstream | undefined;
    let target: ApigeeEndpoint | undefined;
    if (rule) {
      const targetName = childText(rule, 'TargetEndpoint');
      const url = childText(rule, 'URL');
      if (targetName) {
        target = bundle.targets.get(targetName);
        upstream = upstreamByTarget.get(targetName);
        if (!target) config.problems.push({ message: `RouteRule names TargetEndpoint "${targetName}", which is not in the bundle`, at: at(proxy.file, rule) });
      } else if (url) {
        upstream = urlUpstream(`${proxy.file}#${rule.pointer}`, url, at(proxy.file, rule));
        config.upstreams.push(upstream);
      }
    }

    const attach = (steps: ApigeeStep[], scope: SettingScope, side: 'request' | 'response'): Attached[] =>
      steps.flatMap((step) => {
        const policy = bundle.policies.get(step.policyName);
        return policy ? [{ step, policy, scope, side }] : [];
      });
    const targetSteps = (t: ApigeeEndpoint | undefined): Attached[] =>
      t ? [...attach(t.preFlow.request, 'service', 'request'), ...attach(t.postFlow.request, 'service', 'request'), ...attach(t.preFlow.response, 'service', 'response'), ...attach(t.postFlow.response, 'service', 'response')] : [];
    const common = (flow: { request: ApigeeStep[]; response: ApigeeStep[] } | undefined): Attached[] => [
      ...attach(proxy.preFlow.request, 'api', 'request'),
      ...(flow ? attach(flow.request, 'operation', 'request') : []),
      ...attach(proxy.postFlow.request, 'api', 'request'),
      ...targetSteps(target),
      ...attach(proxy.preFlow.response, 'api', 'response'),
      ...(flow ? attach(flow.response, 'operation', 'response') : []),
      ...attach(proxy.postFlow.response, 'api', 'response'),
      ...attach(proxy.postClientFlow.response, 'api', 'response'),
    ];

    const conditional = proxy.flows.filter((f) => f.condition);
    const fallbackFlow = proxy.flows.find((f) => !f.condition);
    for (const flow of conditional) {
      const m = readCondition(flow.condition!);
      const id = `${proxy.file}#${flow.name}`;
      const suffix = m.suffix ?? '/{*}';
      const raw = `${basePath.replace(/\/+$/, '')}${suffix.startsWith('/') ? '' : '/'}${suffix}`;
      const route: GatewayRoute = {
        id,
        name: `${proxy.name} ${flow.name}`,
        methods: m.methods,
        rawPath: `${basePath} + (${flow.condition})`,
        pathTemplate: raw.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1'),
        match: m.suffix === undefined ? 'prefix' : m.match,
        hosts: [],
        protocols,
        api: bundle.name,
        controls: controlsOf(config, common(flow), id, upstream),
        at: at(proxy.file, flow.el),
      };
      if (upstream) route.upstreamId = upstream.id;
      config.routes.push(route);
    }
    // Requests matching no conditional flow: the first unconditional flow, or none.
    const answersWithFault = fallbackFlow?.request.some((s) => bundle.policies.get(s.policyName)?.type === 'RaiseFault' && !s.condition);
    if (!answersWithFault) {
      const id = `${proxy.file}#${fallbackFlow?.name ?? '*'}`;
      const route: GatewayRoute = {
        id,
        name: fallbackFlow ? `${proxy.name} ${fallbackFlow.name}` : proxy.name,
        methods: [],
        rawPath: basePath,
        pathTemplate: prefixTemplate(basePath),
        match: 'prefix',
        hosts: [],
        protocols,
        api: bundle.name,
        controls: controlsOf(config, common(fallbackFlow), id, upstream),
        at: fallbackFlow ? at(proxy.file, fallbackFlow.el) : conn ? at(proxy.file, conn) : at(proxy.file, proxy.el),
      };
      if (upstream) route.upstreamId = upstream.id;
      config.routes.push(route);
    }
  }
  config.listeners.push(...listeners.values());
  for (const p of bundle.policies.values()) {
    if (!p.attached) config.problems.push({ message: `policy ${p.name} (${p.type}) is defined but no Step attaches it: it never runs`, at: at(p.file, p.el) });
    else if (!p.enabled) config.problems.push({ message: `policy ${p.name} (${p.type}) is attached but enabled="false": it never runs`, at: at(p.file, p.el) });
  }
  // Shared flows are read once per route: keep each problem and secret once.
  const once = <T extends { at: SourceRef }>(list: T[], key: (x: T) => string): T[] => {
    const seen = new Set<string>();
    return list.filter((x) => !seen.has(key(x)) && !!seen.add(key(x)));
  };
  config.problems = once(config.problems, (p) => `${p.message}\n${p.at.file}#${p.at.pointer}`);
  config.secrets = once(config.secrets, (s) => `${s.at.file}#${s.at.pointer}`);
  return config;
}

function controlsOf(config: GatewayConfig, attached: Attached[], routeId: string, upstream: Upstream | undefined): RouteControls {
  const c = emptyControls();
  const o = (a: Attached): Origin => origin(a.scope, at(a.policy.file, a.policy.el));
  const request = attached.filter((a) => a.side === 'request');
  const threat: unknown[] = [];

  // Does a later AssignMessage remove this credential from the request before the target?
  const removes = (kind: 'QueryParam' | 'Header', name: string): boolean =>
    request.some(
      (a) =>
        a.policy.type === 'AssignMessage' &&
        a.policy.enabled &&
        descendants(child(a.policy.el, 'Remove') ?? a.policy.el)
          .filter((e) => e.name === kind && e.parent?.parent?.name === 'Remove')
          .some((e) => (e.attrs.name ?? '').toLowerCase() === name.toLowerCase()),
    );
  const credential = (ref: string | undefined): { inQuery: boolean; forwarded: boolean } => {
    const r = ref ?? 'request.header.authorization';
    const q = /^request\.queryparam\.(.+)$/i.exec(r);
    if (q) return { inQuery: true, forwarded: !removes('QueryParam', q[1]!) };
    const h = /^request\.header\.([^.]+)/i.exec(r);
    return { inQuery: false, forwarded: h ? !removes('Header', h[1]!) : true };
  };

  for (const a of attached) {
    const { policy: p, step } = a;
    const el = p.el;
    if (!p.enabled) {
      if (LIMITS.has(p.type)) c.rateLimits.push({ kind: p.type, unit: 'requests', enforced: false, notEnforcedWhy: 'the policy has enabled="false"', origin: o(a) });
      continue;
    }
    const skipped = step.condition !== undefined && !onlySkipsPreflight(step.condition);
    const auth = (control: AuthControl): void => {
      if (skipped) {
        control.allowsAnonymous = true;
        control.details.stepCondition = step.condition;
      }
      if (p.continueOnError) {
        control.allowsAnonymous = true;
        control.details.continueOnError = true;
      }
      c.authentication.push(control);
    };
    if (a.side === 'request' && SECURITY.has(p.type)) {
      switch (p.type) {
        case 'VerifyAPIKey': {
          const keyEl = child(el, 'APIKey');
          const ref = keyEl?.attrs.ref ?? keyEl?.text.trim();
          const cred = credential(ref);
          auth({ kind: 'api-key', credentialsInQuery: cred.inQuery, forwardsCredentials: cred.forwarded, details: { ref }, origin: o(a) });
          break;
        }
        case 'OAuthV2': {
          const operation = childText(el, 'Operation') ?? 'VerifyAccessToken';
          if (operation !== 'VerifyAccessToken') break;
          const scopes = (childText(el, 'Scope') ?? '').split(/[\s,]+/).filter(Boolean);
          const tokenRef = childText(el, 'AccessToken');
          const cred = credential(tokenRef ? (tokenRef.startsWith('request.') ? tokenRef : `request.header.${tokenRef}`) : undefined);
          auth({ kind: 'oauth2', credentialsInQuery: cred.inQuery, forwardsCredentials: cred.forwarded, details: { operation, scopes, accessToken: tokenRef }, origin: o(a) });
          if (scopes.length) c.authorization.push({ kind: 'scopes', allow: scopes, deny: [], details: { policy: p.name }, origin: o(a) });
          break;
        }
        case 'VerifyJWT':
        case 'VerifyJWS': {
          const source = childText(el, 'Source');
          const cred = credential(source);
          auth({
            kind: 'jwt',
            credentialsInQuery: cred.inQuery,
            forwardsCredentials: cred.forwarded,
            details: {
              algorithm: childText(el, 'Algorithm') ?? childText(child(el, 'Algorithms'), 'Key'),
              issuer: childText(el, 'Issuer'),
              audience: childText(el, 'Audience'),
              timeAllowance: childText(el, 'TimeAllowance'),
              jwks: child(child(el, 'PublicKey'), 'JWKS')?.attrs.uri,
              source,
            },
            origin: o(a),
          });
          break;
        }
        case 'BasicAuthentication': {
          if ((childText(el, 'Operation') ?? '').toLowerCase() !== 'decode') {
            backendAuth(config, routeId, a, { kind: 'basic', user: child(el, 'User')?.attrs.ref });
            break;
          }
          const source = childText(el, 'Source');
          auth({ kind: 'basic', forwardsCredentials: credential(source ?? 'request.header.Authorization').forwarded, details: { source }, origin: o(a) });
          break;
        }
        case 'AccessControl': {
          const rules = childrenNamed(child(el, 'IPRules'), 'MatchRule');
          const list = (action: string): string[] =>
            rules.filter((r) => (r.attrs.action ?? '').toUpperCase() === action).flatMap((r) => childrenNamed(r, 'SourceAddress').map((s) => `${s.text.trim()}/${s.attrs.mask ?? '32'}`));
          c.authorization.push({
            kind: 'access-control',
            allow: list('ALLOW'),
            deny: list('DENY'),
            details: { noRuleMatchAction: child(el, 'IPRules')?.attrs.noRuleMatchAction, stepCondition: step.condition, continueOnError: p.continueOnError || undefined },
            origin: o(a),
          });
          break;
        }
        default:
          auth({ kind: p.type, details: {}, origin: o(a) });
      }
    } else if (a.side === 'request' && LIMITS.has(p.type)) {
      c.rateLimits.push(limitOf(a, o(a)));
    } else if (a.side === 'request' && THREAT.has(p.type)) {
      const limits: Record<string, string> = {};
      for (const e of descendants(el)) if (!e.children.length && /Count|Depth|Length|Size/.test(e.name)) limits[e.name] = e.text.trim();
      threat.push({ policy: p.name, type: p.type, limits, stepCondition: step.condition, continueOnError: p.continueOnError });
      if (!c.requestValidation?.enabled) c.requestValidation = { enabled: !p.continueOnError && !skipped, origin: o(a) };
    } else if (p.type === 'AssignMessage') {
      assignMessage(c, config, a, o(a), upstream);
    } else if (p.type === 'CORS') {
      const origins = (childText(el, 'AllowOrigins') ?? '')
        .split(/\s*,\s*/)
        .filter(Boolean)
        .map((x) => (/\{request\.header\.origin\}/i.test(x) ? '*' : x));
      c.cors = { origins, credentials: (childText(el, 'AllowCredentials') ?? 'false').toLowerCase() === 'true', origin: o(a) };
    } else if (p.type === 'MessageLogging') {
      for (const sink of [child(el, 'Syslog'), child(el, 'CloudLogging'), child(el, 'File')]) {
        if (!sink) continue;
        const message = childText(sink, 'Message') ?? childText(sink, 'Payload') ?? '';
        const host = childText(sink, 'Host');
        const tls = (childText(child(sink, 'SSLInfo'), 'Enabled') ?? 'false') === 'true';
        const protocol = (childText(sink, 'Protocol') ?? 'UDP').toLowerCase();
        const log = {
          kind: 'message-logging',
          capturesBodies: /\{(request|response|message)\.content\}|\.content\b/.test(message),
          capturesHeaders: /\{(request|response)\.header\.(authorization|cookie|x-api-key|apikey)|\{request\.headers/i.test(message),
          origin: o(a),
        } as RouteControls['logging'][number];
        if (sink.name === 'Syslog' && host) log.sink = `${tls ? 'tls' : protocol}://${host}:${childText(sink, 'Port') ?? '514'}`;
        else if (sink.name === 'CloudLogging') log.sink = 'cloud-logging';
        c.logging.push(log);
      }
    } else if (p.type === 'ServiceCallout') {
      const url = childText(child(el, 'HTTPTargetConnection'), 'URL');
      if (url && !config.upstreams.some((u) => u.id === `${p.file}#${el.pointer}`)) {
        const u = urlUpstream(`${p.file}#${el.pointer}`, url, at(p.file, el));
        u.name = p.name;
        if (/\{request\./.test(url)) u.dynamicFromRequest = { expression: url, at: at(p.file, el) };
        config.upstreams.push(u);
      }
    }
  }
  if (!c.sizeLimit) c.sizeLimit = { maxBytes: PAYLOAD_CAP, origin: defaultOrigin(attached[0] ? at(attached[0].step.file, attached[0].step.el) : { file: config.file, pointer: '' }, 'Apigee caps request payloads at 10 MB (platform limit); no policy sets a smaller one') };
  if (threat.length) config.settings[`route:${routeId}:threat-protection`] = { value: threat, origin: c.requestValidation!.origin };
  const provider = llmProviderOf(upstream?.host);
  if (upstream && provider) c.ai.push({ kind: 'llm-upstream', provider, providerHost: upstream.host, details: {}, origin: origin('service', upstream.at) });
  return c;
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000 };

function identifierKind(ref: string | undefined): string {
  if (!ref) return 'constant';
  if (/apikey|client_id|access_token|client\.id|developer\.app|app\.name/i.test(ref)) return 'credential';
  if (/client\.ip|proxy\.client\.ip|x-forwarded-for/i.test(ref)) return 'ip';
  if (/^request\.header\./i.test(ref)) return 'header';
  if (/^request\.queryparam\./i.test(ref)) return 'query';
  if (/^jwt\.|\.claim\./i.test(ref)) return 'claim';
  return 'expression';
}

function limitOf(a: Attached, o: Origin): RateLimitControl {
  const el = a.policy.el;
  const identifier = child(el, 'Identifier')?.attrs.ref ?? childText(el, 'Identifier');
  const r: RateLimitControl = { kind: a.policy.type, unit: a.policy.type === 'ConcurrentRatelimit' ? 'connections' : 'requests', enforced: true, origin: o };
  if (a.policy.type === 'Quota') {
    const allow = child(el, 'Allow');
    const count = Number(allow?.attrs.count ?? allow?.text.trim());
    if (Number.isFinite(count) && (allow?.attrs.count ?? allow?.text.trim())) r.limit = count;
    const interval = Number(childText(el, 'Interval') ?? '1');
    const unit = UNIT_SECONDS[(childText(el, 'TimeUnit') ?? '').toLowerCase()];
    if (unit !== undefined && Number.isFinite(interval)) r.windowSeconds = interval * unit;
    // Without an Identifier, a quota drawn from an API product is counted per app; otherwise one counter for all.
    r.keyedBy = identifier ? identifierKind(identifier) : /apiproduct/.test(allow?.attrs.countRef ?? '') ? 'credential' : 'constant';
  } else if (a.policy.type === 'SpikeArrest') {
    const rate = /^(\d+)\s*(ps|pm)$/i.exec(childText(el, 'Rate') ?? '');
    if (rate) {
      r.limit = Number(rate[1]);
      r.windowSeconds = rate[2]!.toLowerCase() === 'ps' ? 1 : 60;
    }
    r.keyedBy = identifierKind(identifier);
  } else {
    const n = Number(child(el, 'AllowConnections')?.attrs.count);
    if (Number.isFinite(n)) r.limit = n;
  }
  if (a.policy.continueOnError) {
    r.enforced = false;
    r.notEnforcedWhy = 'continueOnError="true": requests over the limit continue';
  } else if (a.step.condition && !onlySkipsPreflight(a.step.condition)) r.notEnforcedWhy = `applies only when ${a.step.condition}`;
  return r;
}

function assignMessage(c: RouteControls, config: GatewayConfig, a: Attached, o: Origin, upstream: Upstream | undefined): void {
  const el = a.policy.el;
  const response = (child(el, 'AssignTo')?.attrs.type ?? (a.side === 'response' ? 'response' : 'request')) === 'response';
  const headers = [...childrenNamed(child(el, 'Set'), 'Headers'), ...childrenNamed(child(el, 'Add'), 'Headers')].flatMap((h) => childrenNamed(h, 'Header'));
  const value = (name: string): string | undefined => headers.find((h) => (h.attrs.name ?? '').toLowerCase() === name)?.text.trim();
  if (response) {
    const allowOrigin = value('access-control-allow-origin');
    if (allowOrigin !== undefined) {
      const origins = allowOrigin.split(/\s*,\s*/).map((x) => (/\{request\.header\.origin\}/i.test(x) ? '*' : x));
      c.cors = { origins, credentials: (value('access-control-allow-credentials') ?? '').toLowerCase() === 'true', origin: o };
    }
  }
  for (const h of headers) {
    const name = h.attrs.name ?? '';
    const v = h.text.trim();
    if (/^authorization$/i.test(name) ? literalAuthorization(v) : secretKindOfName(name) !== undefined && !isReferenceOrEmpty(v) && !/\{[\w.]+\}/.test(v))
      config.secrets.push({ kind: /^authorization$/i.test(name) ? 'authorization-header' : secretKindOfName(name)!, where: `AssignMessage ${a.policy.name} header ${name}`, at: at(a.policy.file, h) });
  }
  // target.url set from the request: the backend is chosen by the caller.
  for (const v of childrenNamed(el, 'AssignVariable')) {
    if (childText(v, 'Name') !== 'target.url') continue;
    const expr = childText(v, 'Ref') ?? childText(v, 'Template') ?? childText(v, 'Value') ?? '';
    if (upstream && /(^|\{)request\.(queryparam|header|formparam|content|path|uri|querystring)/.test(expr))
      upstream.dynamicFromRequest = { expression: `target.url = ${expr}`, at: at(a.policy.file, v) };
  }
}

function backendAuth(config: GatewayConfig, routeId: string, a: Attached, value: Record<string, unknown>): void {
  const key = `route:${routeId}:backend-authentication`;
  const list = (config.settings[key]?.value as unknown[] | undefined) ?? [];
  list.push(value);
  config.settings[key] = { value: list, origin: config.settings[key]?.origin ?? origin(a.scope, at(a.policy.file, a.policy.el)) };
}

function urlUpstream(id: string, url: string, where: SourceRef): Upstream {
  const parts = splitUrl(url);
  const u: Upstream = { id, url, scheme: parts?.scheme ?? '', host: parts?.host ?? '', at: where };
  if (parts?.port !== undefined) u.port = parts.port;
  return u;
}

function targetUpstream(config: GatewayConfig, t: ApigeeEndpoint): Upstream | undefined {
  const conn = child(t.el, 'HTTPTargetConnection');
  const where = conn ? at(t.file, conn) : at(t.file, t.el);
  let u: Upstream;
  const url = childText(conn, 'URL');
  const servers = childrenNamed(child(conn, 'LoadBalancer'), 'Server').map((s) => s.attrs.name ?? '');
  if (url) u = urlUpstream(`${t.file}#${t.el.pointer}`, url, at(t.file, child(conn, 'URL')!));
  else if (servers.length) u = { id: `${t.file}#${t.el.pointer}`, url: `target-server:${servers.join(',')}`, scheme: child(conn, 'SSLInfo') ? 'https' : '', host: servers[0]!, at: where };
  else if (child(t.el, 'LocalTargetConnection')) {
    const l = child(t.el, 'LocalTargetConnection')!;
    u = { id: `${t.file}#${t.el.pointer}`, url: `local:${childText(l, 'APIProxy') ?? childText(l, 'Path') ?? ''}`, scheme: 'local', host: '', at: at(t.file, l) };
  } else return undefined;
  u.name = t.name;
  if (url && /\{request\./.test(url)) u.dynamicFromRequest = { expression: url, at: u.at };

  const ssl = child(conn, 'SSLInfo');
  if (u.scheme === 'https') {
    const flag = (name: string): boolean | undefined => {
      const v = childText(ssl, name);
      return v === undefined ? undefined : v.toLowerCase() === 'true';
    };
    const sslAt = ssl ? at(t.file, ssl) : where;
    if (!ssl) u.tlsVerify = { enabled: false, origin: defaultOrigin(where, 'no <SSLInfo>: Apigee does not validate the target certificate') };
    else if (flag('IgnoreValidationErrors') === true) u.tlsVerify = { enabled: false, origin: origin('service', sslAt) };
    else if (flag('Enforce') === true || childText(ssl, 'TrustStore')) u.tlsVerify = { enabled: true, origin: origin('service', sslAt) };
    else u.tlsVerify = { enabled: false, origin: defaultOrigin(sslAt, '<SSLInfo> has neither <Enforce>true</Enforce> nor a <TrustStore>: the target certificate is not validated') };
  }
  const props = new Map(childrenNamed(child(conn, 'Properties'), 'Property').map((p) => [p.attrs.name ?? '', p] as const));
  const ms = (name: string): number | undefined => {
    const v = props.get(name)?.text.trim();
    return v && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const connect = ms('connect.timeout.millis');
  const io = ms('io.timeout.millis');
  const explicit = props.get('io.timeout.millis') ?? props.get('connect.timeout.millis');
  u.timeouts = {
    connectMs: connect ?? 3000,
    readMs: io ?? 55000,
    origin: explicit ? origin('service', at(t.file, explicit)) : defaultOrigin(where, 'Apigee target timeouts default to connect.timeout.millis 3000 and io.timeout.millis 55000'),
  };
  config.upstreams.push(u);
  return u;
}

function collectPolicySecrets(config: GatewayConfig, bundle: ApigeeBundle): void {
  for (const p of bundle.policies.values()) {
    for (const e of [p.el, ...descendants(p.el)]) {
      if (e.children.length === 0 && containsPrivateKey(e.text)) config.secrets.push({ kind: 'private-key', where: `policy ${p.name} ${e.name}`, at: at(p.file, e) });
    }
    if (p.type === 'BasicAuthentication') {
      const pw = child(p.el, 'Password');
      if (pw && !pw.attrs.ref && !isReferenceOrEmpty(pw.text)) config.secrets.push({ kind: 'password', where: `BasicAuthentication ${p.name} Password`, at: at(p.file, pw) });
    }
    if (/^(VerifyJWT|GenerateJWT|VerifyJWS|GenerateJWS)$/.test(p.type)) {
      const value = child(child(p.el, 'SecretKey'), 'Value');
      if (value && !value.attrs.ref && !isReferenceOrEmpty(value.text)) config.secrets.push({ kind: 'jwt-secret', where: `${p.type} ${p.name} SecretKey`, at: at(p.file, value) });
    }
    if (p.type === 'KeyValueMapOperations') {
      for (const entry of childrenNamed(child(p.el, 'InitialEntries'), 'Entry')) {
        const key = childText(child(entry, 'Key'), 'Parameter') ?? '';
        const value = childText(entry, 'Value') ?? '';
        if (secretKindOfName(key) && !isReferenceOrEmpty(value)) config.secrets.push({ kind: secretKindOfName(key)!, where: `KeyValueMapOperations ${p.name} entry ${key}`, at: at(p.file, entry) });
      }
    }
  }
}
