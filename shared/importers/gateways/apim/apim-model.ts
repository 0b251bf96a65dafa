/**
 * Azure APIM policies in force on one route → route controls, upstreams, secrets and per-route
 * settings (controls.md §5.5). Policy defaults recorded where an attribute is absent:
 * validate-jwt `require-expiration-time` and `require-signed-tokens` true, `clock-skew` 0 s;
 * cors `allow-credentials` false; forward-request `timeout` 300 s; send-request `timeout` 60 s.
 *
 * Per-route facts without a field in the route model go to `settings` under
 * `route:<route id>:<name>`: `backend-authentication` (authentication-basic / -certificate /
 * -managed-identity: how the gateway authenticates to the backend) and `removes-x-powered-by`.
 */
import type { AuthControl, GatewayConfig, Origin, RateLimitControl, RouteControls, SettingScope, Upstream } from '../../../model/gateway.js';
import type { SourceRef } from '../../../model/source.js';
import { defaultOrigin, emptyControls, isReferenceOrEmpty, literalAuthorization, llmProviderOf, origin, secretKindOfName, splitUrl } from '../common/b-model.js';
import { childrenNamed, descendants, type XmlElement } from '../common/b-xml.js';
import { isConditional, type EffectivePolicy } from './apim-policies.js';

export interface BackendEntity {
  url: string;
  tlsVerify?: boolean;
  at: SourceRef;
}

export interface RouteInput {
  id: string;
  file: string;
  policies: EffectivePolicy[];
  /** Subscription requirement from the API/product entities; undefined when they are not in the evidence. */
  subscription?: { required: boolean; origin: Origin };
  /** The API's own backend (apiInformation serviceUrl). */
  serviceUrl?: { url: string; at: SourceRef };
  backends: Map<string, BackendEntity>;
  fallbackAt: SourceRef;
}

const at = (file: string, el: XmlElement): SourceRef => ({ file, pointer: el.pointer });
const attrAt = (file: string, el: XmlElement, name: string): SourceRef => ({ file, pointer: `${el.pointer}/@${name}` });

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return value.trim().toLowerCase() === 'true';
}

function num(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

const texts = (el: XmlElement | undefined, container: string, item: string): string[] =>
  childrenNamed(el, container).flatMap((c) => childrenNamed(c, item).map((x) => x.text.trim()));

/** What an APIM counter-key expression counts by. */
export function counterKeyKind(key: string | undefined): string {
  if (key === undefined || key.trim() === '') return 'subscription';
  if (!/^@[({]/.test(key.trim())) return 'constant';
  if (/context\.Subscription/.test(key)) return 'subscription';
  if (/IpAddress/.test(key)) return 'ip';
  if (/AsJwt\(\)|Authorization/.test(key)) return 'credential';
  if (/context\.User/.test(key)) return 'user';
  if (/Headers/.test(key)) return 'header';
  if (/context\.(Api|Product|Operation)\b/.test(key) && !/Request/.test(key)) return 'constant';
  return 'expression';
}

const PERIODS: Record<string, number> = { hourly: 3600, daily: 86400, weekly: 604800, monthly: 2592000, yearly: 31536000 };

export function buildRouteControls(config: GatewayConfig, input: RouteInput): { controls: RouteControls; upstreamId?: string } {
  const c = emptyControls();
  const { file } = input;
  const settingKey = (name: string): string => `route:${input.id}:${name}`;
  const inbound = input.policies.filter((p) => p.section === 'inbound');
  const fileOf = (p: EffectivePolicy): string => fileOfElement(p.el, file);
  const scopeOf = (p: EffectivePolicy): SettingScope => p.scope;
  const o = (p: EffectivePolicy): Origin => origin(scopeOf(p), at(fileOf(p), p.el));
  let upstreamId: string | undefined;
  let forwardRequest: EffectivePolicy | undefined;

  // Is the client's Authorization header (or subscription key) removed before the backend?
  const strips = (header: string): boolean =>
    inbound.some((p) => p.el.name === 'set-header' && p.el.attrs.name?.toLowerCase() === header && /^(delete|override)$/.test(p.el.attrs['exists-action'] ?? 'override'));

  if (input.subscription?.required) {
    c.authentication.push({
      kind: 'subscription-key',
      credentialsInQuery: true,
      forwardsCredentials: !strips('ocp-apim-subscription-key'),
      details: { header: 'Ocp-Apim-Subscription-Key', queryParameter: 'subscription-key', note: 'APIM accepts the key in the subscription-key query parameter unless the API renames it' },
      origin: input.subscription.origin,
    });
  }

  for (const p of input.policies) {
    const el = p.el;
    const a = el.attrs;
    const pf = fileOf(p);
    const conditional = isConditional(p);
    const condition = conditional ? p.conditions.join(' && ') : undefined;
    const auth = (control: AuthControl): void => {
      if (conditional) {
        control.allowsAnonymous = true;
        control.details.condition = condition;
      }
      c.authentication.push(control);
    };
    if (p.section === 'inbound') {
      switch (el.name) {
        case 'validate-jwt': {
          const defaults: string[] = [];
          if (a['require-expiration-time'] === undefined) defaults.push('require-expiration-time defaults to true');
          if (a['require-signed-tokens'] === undefined) defaults.push('require-signed-tokens defaults to true');
          if (a['clock-skew'] === undefined) defaults.push('clock-skew defaults to 0 seconds');
          const claims = childrenNamed(el, 'required-claims').flatMap((rc) =>
            childrenNamed(rc, 'claim').map((cl) => ({ name: cl.attrs.name ?? '', match: cl.attrs.match ?? 'all', values: childrenNamed(cl, 'value').map((v) => v.text.trim()) })),
          );
          const control: AuthControl = {
            kind: 'validate-jwt',
            credentialsInQuery: a['query-parameter-name'] !== undefined,
            // A token in the query string travels on to the backend with the URL.
            forwardsCredentials: a['query-parameter-name'] !== undefined || !strips((a['header-name'] ?? 'authorization').toLowerCase()),
            details: {
              headerName: a['header-name'],
              queryParameterName: a['query-parameter-name'],
              tokenValue: a['token-value'],
              requireExpirationTime: bool(a['require-expiration-time'], true),
              requireSignedTokens: bool(a['require-signed-tokens'], true),
              requireScheme: a['require-scheme'],
              clockSkewSeconds: num(a['clock-skew']) ?? 0,
              audiences: texts(el, 'audiences', 'audience'),
              issuers: texts(el, 'issuers', 'issuer'),
              openIdConfig: childrenNamed(el, 'openid-config').map((x) => x.attrs.url),
              requiredClaims: claims,
              failedValidationHttpCode: num(a['failed-validation-httpcode']) ?? 401,
              defaultsApplied: defaults,
            },
            origin: o(p),
          };
          auth(control);
          if (claims.length)
            c.authorization.push({
              kind: 'required-claims',
              allow: claims.map((cl) => `${cl.name}=${cl.values.join('|')}`),
              deny: [],
              details: { claims, condition },
              origin: o(p),
            });
          for (const key of childrenNamed(el, 'issuer-signing-keys').flatMap((k) => childrenNamed(k, 'key')).concat(childrenNamed(el, 'decryption-keys').flatMap((k) => childrenNamed(k, 'key'))))
            if (!isReferenceOrEmpty(key.text) && !key.attrs['certificate-id'] && !key.attrs.n)
              config.secrets.push({ kind: 'jwt-secret', where: `validate-jwt ${key.parent?.name ?? 'key'}`, at: at(pf, key) });
          break;
        }
        case 'validate-azure-ad-token':
          auth({
            kind: 'validate-azure-ad-token',
            credentialsInQuery: a['query-parameter-name'] !== undefined,
            forwardsCredentials: a['query-parameter-name'] !== undefined || !strips((a['header-name'] ?? 'authorization').toLowerCase()),
            details: {
              tenantId: a['tenant-id'],
              headerName: a['header-name'],
              audiences: texts(el, 'audiences', 'audience'),
              clientApplicationIds: texts(el, 'client-application-ids', 'application-id'),
              backendApplicationIds: texts(el, 'backend-application-ids', 'application-id'),
            },
            origin: o(p),
          });
          break;
        case 'check-header': {
          const header = (a.name ?? '').toLowerCase();
          const values = childrenNamed(el, 'value').map((v) => v.text.trim());
          if (header === 'authorization' || header === 'ocp-apim-subscription-key' || secretKindOfName(header))
            auth({ kind: 'check-header', forwardsCredentials: !strips(header), details: { header: a.name, values: values.length, failedCheckHttpCode: a['failed-check-httpcode'] }, origin: o(p) });
          else
            c.authorization.push({
              kind: 'check-header',
              allow: values,
              deny: [],
              details: { header: a.name, trustsForwardedFor: header === 'x-forwarded-for', condition },
              origin: o(p),
            });
          break;
        }
        case 'return-response': {
          // Credentials checked in a policy expression (e.g. Authorization.AsBasic() compared to named values).
          const status = descendants(el).find((d) => d.name === 'set-status')?.attrs.code;
          if (status === '401' && p.conditions.some((x) => /AsBasic\(\)/.test(x)))
            c.authentication.push({ kind: 'basic', forwardsCredentials: !strips('authorization'), details: { how: 'policy expression', condition: p.conditions.join(' && ') }, origin: o(p) });
          break;
        }
        case 'ip-filter': {
          const list = [...childrenNamed(el, 'address').map((x) => x.text.trim()), ...childrenNamed(el, 'address-range').map((x) => `${x.attrs.from ?? ''}-${x.attrs.to ?? ''}`)];
          const allow = (a.action ?? 'allow') === 'allow';
          c.authorization.push({ kind: 'ip-filter', allow: allow ? list : [], deny: allow ? [] : list, details: { action: a.action, condition }, origin: o(p) });
          break;
        }
        case 'cors': {
          const origins = texts(el, 'allowed-origins', 'origin');
          c.cors = {
            origins,
            credentials: bool(a['allow-credentials'], false),
            origin: a['allow-credentials'] === undefined && origins.includes('*') ? origin(scopeOf(p), at(pf, el), 'cors allow-credentials defaults to false') : o(p),
          };
          break;
        }
        case 'validate-content': {
          const max = num(a['max-size']);
          const action = a['size-exceeded-action'] ?? 'prevent';
          if (max !== undefined) c.sizeLimit = { maxBytes: action === 'prevent' ? max : null, origin: o(p) };
          const contents = childrenNamed(el, 'content');
          const actions = [a['unspecified-content-type-action'], ...contents.map((x) => x.attrs.action)].filter((x): x is string => !!x);
          c.requestValidation = { enabled: actions.length > 0 && actions.every((x) => x === 'prevent'), origin: o(p) };
          break;
        }
        case 'validate-parameters':
        case 'validate-headers': {
          const actions = [a['specified-parameter-action'], a['unspecified-parameter-action'], a['specified-header-action'], a['unspecified-header-action']].filter((x): x is string => !!x);
          if (!c.requestValidation || !c.requestValidation.enabled) c.requestValidation = { enabled: actions.includes('prevent'), origin: o(p) };
          break;
        }
        case 'set-header':
        case 'set-query-parameter': {
          const name = a.name ?? '';
          for (const v of childrenNamed(el, 'value')) {
            const value = v.text.trim();
            if (/^authorization$/i.test(name) ? literalAuthorization(value) : secretKindOfName(name) !== undefined && !isReferenceOrEmpty(value) && !/\{\{/.test(value))
              config.secrets.push({ kind: /^authorization$/i.test(name) ? 'authorization-header' : secretKindOfName(name)!, where: `${el.name} ${name}`, at: at(pf, v) });
          }
          break;
        }
      }
    }
    if (el.name === 'rate-limit' || el.name === 'rate-limit-by-key' || el.name === 'quota' || el.name === 'quota-by-key') {
      const r: RateLimitControl = {
        kind: el.name,
        unit: 'requests',
        keyedBy: el.name.endsWith('-by-key') ? counterKeyKind(a['counter-key']) : 'subscription',
        enforced: true,
        origin: o(p),
      };
      const calls = num(a.calls);
      if (calls !== undefined) r.limit = calls;
      const period = num(a['renewal-period']);
      if (period !== undefined) r.windowSeconds = period;
      c.rateLimits.push(r);
    } else if (el.name === 'limit-concurrency') {
      const r: RateLimitControl = { kind: el.name, unit: 'connections', keyedBy: counterKeyKind(a.key), enforced: true, origin: o(p) };
      const max = num(a['max-count']);
      if (max !== undefined) r.limit = max;
      c.rateLimits.push(r);
    } else if (el.name === 'llm-token-limit' || el.name === 'azure-openai-token-limit') {
      const keyedBy = counterKeyKind(a['counter-key']);
      const tpm = num(a['tokens-per-minute']);
      const quota = num(a['token-quota']);
      if (a['tokens-per-minute'] !== undefined) {
        const r: RateLimitControl = { kind: el.name, unit: 'tokens', windowSeconds: 60, keyedBy, enforced: true, origin: o(p) };
        if (tpm !== undefined) r.limit = tpm;
        c.rateLimits.push(r);
      }
      if (a['token-quota'] !== undefined) {
        const r: RateLimitControl = { kind: el.name, unit: 'tokens', keyedBy, enforced: true, origin: o(p) };
        if (quota !== undefined) r.limit = quota;
        const w = PERIODS[(a['token-quota-period'] ?? '').toLowerCase()];
        if (w !== undefined) r.windowSeconds = w;
        c.rateLimits.push(r);
      }
      c.ai.push({
        kind: el.name,
        details: {
          counterKey: a['counter-key'],
          tokensPerMinute: a['tokens-per-minute'],
          tokenQuota: a['token-quota'],
          tokenQuotaPeriod: a['token-quota-period'],
          estimatePromptTokens: a['estimate-prompt-tokens'],
        },
        origin: o(p),
      });
    } else if (/^(llm|azure-openai)-/.test(el.name)) {
      c.ai.push({ kind: el.name, details: { ...a }, origin: o(p) });
    } else if (el.name === 'set-backend-service') {
      const u = backendUpstream(config, input, p, pf);
      if (u) upstreamId = u.id;
    } else if (el.name === 'send-request' || el.name === 'send-one-way-request') {
      sendRequestUpstream(config, p, pf);
      // An external authorizer: the client's Authorization header is sent to a service whose answer gates the request.
      const forwardsAuth = childrenNamed(el, 'set-header').some(
        (h) => h.attrs.name?.toLowerCase() === 'authorization' && childrenNamed(h, 'value').some((v) => /Headers.*Authorization/i.test(v.text)),
      );
      if (p.section === 'inbound' && forwardsAuth)
        c.authentication.push({ kind: 'external-authorizer', details: { url: childrenNamed(el, 'set-url')[0]?.text.trim(), condition }, origin: o(p) });
      for (const body of childrenNamed(el, 'set-body'))
        if (/client_secret=(?!\{\{)[^&"\s{]+/.test(body.text)) config.secrets.push({ kind: 'client-secret', where: `${el.name} body`, at: at(pf, body) });
    } else if (el.name === 'authentication-basic' || el.name === 'authentication-certificate' || el.name === 'authentication-managed-identity') {
      const key = settingKey('backend-authentication');
      const list = (config.settings[key]?.value as unknown[] | undefined) ?? [];
      list.push({ kind: el.name.replace('authentication-', ''), username: a.username, resource: a.resource, certificateId: a['certificate-id'], ignoreError: a['ignore-error'] });
      config.settings[key] = { value: list, origin: config.settings[key]?.origin ?? o(p) };
      for (const secretAttr of ['password', 'body'])
        if (a[secretAttr] !== undefined && !isReferenceOrEmpty(a[secretAttr]!) && !/\{\{/.test(a[secretAttr]!))
          config.secrets.push({ kind: 'password', where: `${el.name} ${secretAttr}`, at: attrAt(pf, el, secretAttr) });
    } else if (el.name === 'log-to-eventhub') {
      c.logging.push({ kind: 'log-to-eventhub', sink: a['logger-id'], capturesBodies: /\.Body\b/.test(el.text), capturesHeaders: /Headers/.test(el.text), origin: o(p) });
    } else if (el.name === 'forward-request' && el.attrs.timeout !== undefined) forwardRequest = p;
  }

  // Responses: does an outbound policy strip X-Powered-By?
  const removes = input.policies.find(
    (p) => p.section === 'outbound' && p.el.name === 'set-header' && /^x-powered-by$/i.test(p.el.attrs.name ?? '') && p.el.attrs['exists-action'] === 'delete',
  );
  config.settings[settingKey('removes-x-powered-by')] = removes
    ? { value: true, origin: o(removes) }
    : { value: false, origin: defaultOrigin(input.fallbackAt, 'no outbound set-header deletes X-Powered-By: APIM passes the backend value on') };

  if (!upstreamId && input.serviceUrl) {
    const u = urlUpstream(`${input.id}#service-url`, input.serviceUrl.url, input.serviceUrl.at);
    config.upstreams.push(u);
    upstreamId = u.id;
  }
  const timeout = forwardRequest ? num(forwardRequest.el.attrs.timeout) : undefined;
  const target = config.upstreams.find((u) => u.id === upstreamId);
  if (forwardRequest && target && timeout !== undefined)
    target.timeouts = { readMs: timeout * 1000, origin: origin(forwardRequest.scope, attrAt(fileOf(forwardRequest), forwardRequest.el, 'timeout')) };
  if (upstreamId) {
    const provider = llmProviderOf(config.upstreams.find((u) => u.id === upstreamId)?.host);
    if (provider) c.ai.push({ kind: 'llm-upstream', provider, providerHost: config.upstreams.find((u) => u.id === upstreamId)!.host, details: {}, origin: origin('api', input.fallbackAt) });
  }
  return upstreamId === undefined ? { controls: c } : { controls: c, upstreamId };
}

/** Policies from fragments carry the fragment file in their pointer's document; find it. */
const elementFiles = new WeakMap<XmlElement, string>();
export function rememberFile(root: XmlElement, file: string): void {
  elementFiles.set(root, file);
}
function fileOfElement(el: XmlElement, fallback: string): string {
  let e: XmlElement | undefined = el;
  while (e?.parent) e = e.parent;
  return (e && elementFiles.get(e)) ?? fallback;
}

const REQUEST_DERIVED = /context\.Request\.(Url|OriginalUrl|Headers|Body|MatchedParameters|Query)|context\.Request\.Url\.Query/;

function urlUpstream(id: string, url: string, where: SourceRef): Upstream {
  const parts = splitUrl(url);
  const u: Upstream = { id, url, scheme: parts?.scheme ?? '', host: parts?.host ?? '', at: where };
  if (parts?.port !== undefined) u.port = parts.port;
  if (parts?.scheme === 'https')
    u.tlsVerify = { enabled: true, origin: defaultOrigin(where, 'APIM validates the backend certificate chain and name unless a backend entity turns validateCertificateChain / validateCertificateName off') };
  u.timeouts = { readMs: 300000, origin: defaultOrigin(where, 'APIM forward-request timeout defaults to 300 seconds') };
  return u;
}

function backendUpstream(config: GatewayConfig, input: RouteInput, p: EffectivePolicy, file: string): Upstream | undefined {
  const a = p.el.attrs;
  const where = at(file, p.el);
  const id = `${file}#${p.el.pointer}`;
  const existing = config.upstreams.find((u) => u.id === id);
  if (existing) return existing;
  let u: Upstream;
  if (a['base-url'] !== undefined) {
    u = urlUpstream(id, a['base-url'], where);
    if (REQUEST_DERIVED.test(a['base-url'])) u.dynamicFromRequest = { expression: a['base-url'], at: attrAt(file, p.el, 'base-url') };
  } else if (a['backend-id'] !== undefined) {
    const entity = input.backends.get(a['backend-id']);
    u = entity ? urlUpstream(id, entity.url, where) : { id, url: `backend:${a['backend-id']}`, scheme: '', host: '', at: where };
    u.name = a['backend-id'];
    if (entity?.tlsVerify === false && u.tlsVerify) u.tlsVerify = { enabled: false, origin: origin('service', entity.at) };
    if (REQUEST_DERIVED.test(a['backend-id'])) u.dynamicFromRequest = { expression: a['backend-id'], at: attrAt(file, p.el, 'backend-id') };
  } else return undefined;
  config.upstreams.push(u);
  return u;
}

function sendRequestUpstream(config: GatewayConfig, p: EffectivePolicy, file: string): void {
  const id = `${file}#${p.el.pointer}`;
  if (config.upstreams.some((u) => u.id === id)) return;
  const urlEl = childrenNamed(p.el, 'set-url')[0];
  const url = urlEl?.text.trim() ?? '';
  const u = urlUpstream(id, url, at(file, p.el));
  u.name = p.el.name;
  const timeout = num(p.el.attrs.timeout);
  u.timeouts = timeout !== undefined ? { readMs: timeout * 1000, origin: origin(p.scope, attrAt(file, p.el, 'timeout')) } : { readMs: 60000, origin: defaultOrigin(at(file, p.el), 'APIM send-request timeout defaults to 60 seconds') };
  if (urlEl && REQUEST_DERIVED.test(url)) u.dynamicFromRequest = { expression: url, at: at(file, urlEl) };
  config.upstreams.push(u);
}
