/**
 * Gateway-wide configuration hygiene: clear-text secrets in the config (GDPR-32, API2, API8),
 * wildcard CORS with credentials, server version disclosure, directory listings, missing request
 * validation (API3/API4), non-production hosts and deprecated routes still served (API9), and
 * what the importer could not make sense of.
 */
import type { GatewayRoute, Listener, Origin, SecretHit } from '../../model/gateway.js';
import { defineGatewayRule } from '../define-rule.js';
import { NON_PRODUCTION_HOST_LABEL } from '../dictionaries.js';
import { acceptsBody, ByPlace, isPrivateHost, redact, reliesOnDefault, reportRoutes, routeEndpoints, routeLabel, routeSettings, routesText } from './facts.js';

const SECRET_LABELS: Record<string, string> = {
  'consumer-key': 'consumer API key',
  'api-key': 'API key',
  'jwt-secret': 'JWT signing secret',
  'hmac-secret': 'HMAC secret',
  'basic-auth-password': 'basic-auth password',
  password: 'password',
  'password-hash': 'password hash',
  'private-key': 'private key',
  'client-secret': 'OAuth client secret',
  'oauth2-provision-key': 'OAuth provision key',
  'provider-api-key': 'LLM provider API key',
  'provider-credential': 'upstream or provider credential',
  'secret-in-prompt': 'secret in a prompt sent to the model',
  'static-credential-header': 'static credential header',
  'authorization-header': 'static Authorization header',
  'url-credentials': 'credential embedded in a URL',
  'aws-secret': 'AWS secret access key',
  'aws-secret-key': 'AWS secret access key',
  'service-account-key': 'service account key',
  secret: 'secret',
  token: 'token',
};

export const clearTextSecret = defineGatewayRule({
  id: 'gateway.secrets.clear-text',
  title: 'Clear-text secret in the gateway config',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['GDPR-32', 'API2:2023', 'API8:2023', 'LLM07:2025'],
  equivalents: [],
  rationale:
    'Consumer keys, JWT and HMAC secrets, basic-auth passwords, private keys and LLM provider keys written into the config are readable by everyone who can read the file: its repository, CI logs, backups and this audit\'s evidence. ' +
    'Anyone holding them can call the API as those consumers, forge tokens, or spend the provider account; a secret written into a system prompt leaks to anyone who gets the model to repeat it (LLM07). ' +
    'The finding names where the secret is and never its value.',
  remediation:
    'Move secrets out of the file into the gateway\'s secret store or vault references (decK `{vault://…}`, APIM named values backed by Key Vault, Kubernetes secrets), then rotate every secret that was in the file: it must be treated as disclosed.',
  check(ctx) {
    for (const hit of ctx.gateway.secrets) ctx.report(hit.at, { message: secretMessage(hit), ...(hit.kind === 'password-hash' ? { severity: 'medium' as const } : {}) });
  },
});

function secretMessage(hit: SecretHit): string {
  const label = SECRET_LABELS[hit.kind] ?? hit.kind.replace(/-/g, ' ');
  if (hit.kind === 'password-hash')
    return `A password hash is written in the config at ${redact(hit.where)} (value not shown): anyone who can read this file can try to crack it offline (rated medium); move it to a secret store.`;
  return `Clear-text ${label} in the config at ${redact(hit.where)} (value not shown): anyone who can read this file can use it; move it to a secret store and rotate it.`;
}

/** Origins that admit every site: `*`, `null`, or a regex matching anything. */
function isWildcardOrigin(o: string): boolean {
  const s = o.trim();
  return s === '*' || s === 'null' || /^\^?\.\*\$?$/.test(s) || s === '(.*)' || s === '~.*';
}

export const corsWildcardWithCredentials = defineGatewayRule({
  id: 'gateway.cors.wildcard-with-credentials',
  title: 'CORS admits every origin with credentials',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API8:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'A CORS policy that allows any origin (`*`, or an echo of the request\'s Origin) together with credentials lets any web page a logged-in user visits call the API with the user\'s cookies or credentials and read the answers.',
  remediation: 'List the exact trusted origins, or drop `credentials`/`Access-Control-Allow-Credentials: true` where any origin must be allowed.',
  check(ctx) {
    const places = new ByPlace<GatewayRoute>();
    for (const route of ctx.gateway.routes) {
      const cors = route.controls.cors;
      if (cors?.credentials && cors.origins.some(isWildcardOrigin)) places.add(cors.origin.at, route);
    }
    places.each((at, routes) => {
      const cors = routes[0]!.controls.cors!;
      reportRoutes(
        ctx,
        at,
        routes,
        `CORS for ${routesText(routes)} allows every origin (${cors.origins.filter(isWildcardOrigin).join(', ')}) with credentials: any web page can make a logged-in user's browser call the API and read the responses.` +
          reliesOnDefault(cors.origin, undefined, 'origins'),
      );
    });
  },
});

const TOKENS_KEY = /(^|[:.])server_?tokens$|(^|[:.])server_?header$|^expose_?server_?version$/i;

export const serverVersionDisclosed = defineGatewayRule({
  id: 'gateway.config.server-version-disclosed',
  title: 'Gateway discloses its software version',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API8:2023'],
  equivalents: [],
  rationale:
    'A Server header or error page naming the exact gateway version (NGINX `server_tokens on`, the default) tells attackers which known vulnerabilities to try.',
  remediation: 'Turn version disclosure off (NGINX `server_tokens off;`, Kong `headers = off` or without `server_tokens`, Envoy `server_header_transformation: PASS_THROUGH` with no Server header).',
  check(ctx) {
    const isOn = (v: unknown): boolean => v === true || (typeof v === 'string' && /^(on|true|build|full|yes)$/i.test(v.trim()));
    const entries = Object.entries(ctx.gateway.settings).filter(([key]) => TOKENS_KEY.test(key));
    // Server blocks that set it themselves (NGINX `server:<name>:server_tokens`) override the http-level value.
    const overriddenOff = entries.filter(([key, s]) => key.startsWith('server:') && !isOn(s.value)).map(([key]) => key.split(':')[1]!);
    for (const [key, setting] of entries) {
      if (!isOn(setting.value)) continue;
      const server = key.startsWith('server:') ? key.split(':')[1] : undefined;
      const v = setting.value;
      ctx.report(setting.origin.at, {
        message:
          `The gateway sends its version in the Server header and error pages${server ? ` for server ${server}` : ''} (${key.split(':').pop()} ${typeof v === 'string' ? v : 'on'}).` +
          (!server && overriddenOff.length ? ` Server blocks ${overriddenOff.join(', ')} turn it off for themselves; every other server inherits this value.` : '') +
          reliesOnDefault(setting.origin, undefined, 'server_tokens', 'server'),
      });
    }
  },
});

export const directoryListing = defineGatewayRule({
  id: 'gateway.config.directory-listing',
  title: 'Directory listing turned on',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API8:2023', 'API9:2023'],
  equivalents: [],
  rationale: 'A directory listing (NGINX `autoindex on`) shows every file under the location, including backups, configs and documents never meant to be published.',
  remediation: 'Turn `autoindex` off and serve only the files the API needs.',
  check(ctx) {
    const gw = ctx.gateway;
    const byId = new Map(gw.routes.map((r) => [r.id, r] as const));
    for (const [id, v] of routeSettings(gw, 'autoindex')) {
      if (v.value !== true && v.value !== 'on') continue;
      const route = byId.get(id);
      ctx.report(v.origin.at, {
        message: `${route ? routeLabel(route) : 'A location'} lists directory contents (autoindex on).`,
        endpoints: route ? routeEndpoints(route) : [],
      });
    }
  },
});

/** Products whose gateways can validate requests against a schema (docs/controls.md §5.8). */
const VALIDATING_PRODUCTS = new Set(['kong', 'aws-apigateway', 'azure-apim', 'apigee', 'tyk']);
const VALIDATION_HOW: Record<string, string> = {
  kong: 'the request-validator or oas-validation plugin',
  'aws-apigateway': 'a request validator with validateRequestBody',
  'azure-apim': 'validate-content / validate-parameters',
  apigee: 'an OASValidation policy',
  tyk: 'validate_json / validateRequest',
};

export const noRequestValidation = defineGatewayRule({
  id: 'gateway.validation.no-request-validation',
  title: 'Request bodies not validated at the gateway',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API3:2023', 'API4:2023'],
  equivalents: [],
  rationale:
    'A gateway that validates requests against the API description rejects unknown properties (mass assignment), wrong types and oversized values before they reach the backend. ' +
    'Only reported for products that can do it (Kong, AWS API Gateway, Azure APIM, Apigee, Tyk); the backend may validate instead.',
  remediation: 'Turn on schema validation for request bodies and parameters, rejecting additional properties where the API description closes its objects.',
  check(ctx) {
    const gw = ctx.gateway;
    if (!VALIDATING_PRODUCTS.has(gw.product)) return;
    const missing: GatewayRoute[] = [];
    const disabled = new ByPlace<GatewayRoute>();
    for (const route of gw.routes) {
      if (!acceptsBody(route)) continue;
      const v = route.controls.requestValidation;
      if (!v) missing.push(route);
      else if (!v.enabled) disabled.add(v.origin.at, route);
    }
    if (missing.length)
      reportRoutes(
        ctx,
        { file: gw.file, pointer: '' },
        missing,
        `${routesText(missing)} accept${missing.length === 1 ? 's' : ''} request bodies that the gateway does not validate against a schema; ${gw.product} can, with ${VALIDATION_HOW[gw.product] ?? 'its validation feature'}.`,
      );
    disabled.each((at, routes) => {
      const origin: Origin = routes[0]!.controls.requestValidation!.origin;
      reportRoutes(ctx, at, routes, `Request validation is configured but turned off for ${routesText(routes)}.` + reliesOnDefault(origin, undefined, 'validat'));
    });
  },
});

/** The non-production label of a host (`beta` in beta.api.example.com, `staging` in api-staging.example.com). */
export function nonProductionLabel(host: string): string | undefined {
  const labels = host.toLowerCase().split('.');
  if (labels.length < 2) return undefined;
  for (const l of labels.slice(0, -1)) {
    if (NON_PRODUCTION_HOST_LABEL.test(l)) return l;
    for (const part of l.split('-')) if (part !== l && NON_PRODUCTION_HOST_LABEL.test(part)) return part;
  }
  return undefined;
}

export const nonProductionHost = defineGatewayRule({
  id: 'gateway.inventory.non-production-host',
  title: 'Non-production host served by the gateway',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API9:2023', 'API8:2023'],
  equivalents: [],
  rationale:
    'Beta, staging, dev and test hosts routed by a public gateway are part of the attack surface, usually with weaker controls and real data (the OWASP API9 "beta host" example). ' +
    'Hosts on loopback-only listeners are not reported.',
  remediation: 'Serve non-production hosts from a separate gateway or network, restrict them to known clients, or retire them; inventory the ones that must stay.',
  check(ctx) {
    const gw = ctx.gateway;
    const loopback = (l: Listener): boolean => l.host !== undefined && /^(127\.|localhost$|\[?::1\]?$)/i.test(l.host);
    if (gw.listeners.length && gw.listeners.every(loopback)) return;
    // One finding per non-production host, at the listener that serves it (else its first route), with every route on it.
    const hosts = new Map<string, GatewayRoute[]>();
    const add = (h: string, r?: GatewayRoute): void => {
      if (isPrivateHost(h) || !nonProductionLabel(h)) return;
      let list = hosts.get(h);
      if (!list) hosts.set(h, (list = []));
      if (r) list.push(r);
    };
    for (const route of gw.routes) for (const h of route.hosts) add(h, route);
    for (const l of gw.listeners) if (!loopback(l)) for (const h of l.hostnames) add(h);
    for (const [host, routes] of hosts) {
      const listener = gw.listeners.find((l) => !loopback(l) && l.hostnames.includes(host));
      const at = listener?.at ?? routes[0]?.at;
      if (!at) continue;
      ctx.report(at, {
        message:
          `The gateway serves the non-production host ${host} (${nonProductionLabel(host)})` +
          (listener ? ` on listener ${listener.name}` : '') +
          (routes.length ? ` for ${routesText(routes)}` : '') +
          ': non-production deployments behind a public gateway are attack surface, usually with weaker controls.',
        endpoints: [...new Set(routes.flatMap(routeEndpoints))],
        occurrences: Math.max(1, routes.length),
      });
    }
  },
});

export const deprecatedRoute = defineGatewayRule({
  id: 'gateway.inventory.deprecated-route',
  title: 'Deprecated or expired API version still routed',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API9:2023'],
  equivalents: [],
  rationale: 'A version the config itself marks deprecated or expired (Tyk version `expires` in the past, an old APIM revision) is still served: a zombie API that rarely gets fixes.',
  remediation: 'Retire the deprecated version (remove the route) once its callers have moved, or record who still uses it and until when.',
  check(ctx) {
    for (const route of ctx.gateway.routes) {
      if (!route.deprecated) continue;
      ctx.report(route.at, {
        message: `${routeLabel(route)}${route.version ? ` (version ${route.version})` : ''} is marked deprecated in the config but is still routed.`,
        endpoints: routeEndpoints(route),
      });
    }
  },
});

export const importProblem = defineGatewayRule({
  id: 'gateway.config.import-problem',
  title: 'Gateway config part that could not be interpreted',
  severity: 'low',
  confidence: 'confirmed',
  controls: ['API9:2023', 'API8:2023'],
  equivalents: [],
  rationale:
    'The importer met something it could not read or that refers to nothing (a zone or plugin target that does not exist, an unknown directive): the controls there were not checked, and the gateway may behave differently from what the config seems to say.',
  remediation: 'Fix the part named in the message, or confirm how the gateway treats it, and audit again.',
  check(ctx) {
    for (const p of ctx.gateway.problems) ctx.report(p.at, { message: p.message });
  },
});

export const configRules = [clearTextSecret, corsWildcardWithCredentials, serverVersionDisclosed, directoryListing, noRequestValidation, nonProductionHost, deprecatedRoute, importProblem];
