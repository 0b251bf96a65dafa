/**
 * Function-level authorization at the gateway (API5): admin routes without an ACL or scope
 * check, admin routes proxying every method, and admin interfaces of the gateway itself exposed.
 */
import type { GatewayRoute } from '../../model/gateway.js';
import { defineGatewayRule } from '../define-rule.js';
import { authenticates } from './auth.js';
import { deniesEveryone, hostOf, isAdminRoute, isPrivateHost, reliesOnDefault, routeEndpoints, routeLabel, str, strs } from './facts.js';

/** Authorization that allows someone in particular (an allow-list, scopes, RBAC policies), not only deny entries. */
function restricts(route: GatewayRoute): boolean {
  return route.controls.authorization.some((a) => a.allow.length > 0 || a.deny.length === 0);
}

export const adminRouteWithoutAuthorization = defineGatewayRule({
  id: 'gateway.access.admin-without-authorization',
  title: 'Admin route without an authorization check at the gateway',
  severity: 'high',
  confidence: 'likely',
  controls: ['API5:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'Admin-style paths (/admin, /internal, /manage, /actuator, /debug…) need more than authentication: any authenticated consumer can call them unless an ACL, scope, role or IP allow-list restricts who may. ' +
    'A deny-only list lets everyone not named through.',
  remediation:
    'Restrict the route to admin consumers or networks: Kong `acl` with `allow` groups (after an auth plugin) or `ip-restriction`, APIM validate-jwt `<required-claims>`, Apigee OAuthV2 `<Scope>`, Envoy `rbac`, NGINX `allow`/`deny all`.',
  check(ctx) {
    for (const route of ctx.gateway.routes) {
      if (!isAdminRoute(route) || restricts(route) || deniesEveryone(route)) continue;
      const denyOnly = route.controls.authorization.length > 0;
      const authn = authenticates(route);
      ctx.report(route.at, {
        message:
          `${routeLabel(route)} is an admin-style path ${denyOnly ? 'restricted only by deny entries (everyone not listed gets through)' : 'with no authorization check (ACL, scopes, roles or IP allow-list)'} at the gateway` +
          (authn ? ': any authenticated consumer can call it.' : ', and nothing authenticates callers on it either: anyone can call it.'),
        endpoints: routeEndpoints(route),
        ...(authn ? {} : { severity: 'critical' as const }),
      });
    }
  },
});

export const adminRouteAllMethods = defineGatewayRule({
  id: 'gateway.access.admin-all-methods',
  title: 'Admin route proxies every HTTP method',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API5:2023', 'API8:2023'],
  equivalents: [],
  rationale:
    'A route that names no methods proxies all of them: a caller allowed to GET an admin resource can also try DELETE or PUT on it, and the gateway does not tell the functions apart (Kong route `methods` unset, AWS `x-amazon-apigateway-any-method`, APIM `*` operations).',
  remediation: 'List the methods the admin route needs (and restrict write methods separately, e.g. NGINX `limit_except GET { deny all; }`).',
  check(ctx) {
    for (const route of ctx.gateway.routes) {
      if (!isAdminRoute(route) || route.methods.length > 0 || deniesEveryone(route)) continue;
      ctx.report(route.at, {
        message: `${routeLabel(route)} is an admin-style path that proxies every HTTP method, so read and write functions share one route and one set of controls.`,
        endpoints: routeEndpoints(route),
      });
    }
  },
});

const ADMIN_SETTINGS = ['adminListen', 'admin_listen', 'adminAddress', 'admin.address', 'adminApi'];

export const adminInterfaceExposed = defineGatewayRule({
  id: 'gateway.access.admin-interface-exposed',
  title: 'Gateway admin interface listens on a non-local address',
  severity: 'high',
  confidence: 'likely',
  controls: ['API8:2023', 'API5:2023', 'API9:2023'],
  equivalents: [],
  rationale:
    'The gateway\'s own admin interface (Kong Admin API, Envoy admin) reconfigures every route: reachable from the network, it lets anyone who can connect disable authentication or add routes. ' +
    'It must listen on loopback or a management network only.',
  remediation: 'Bind the admin interface to 127.0.0.1 or a management-only interface (Kong `admin_listen = 127.0.0.1:8001`, Envoy `admin.address` on 127.0.0.1), and protect it with authentication.',
  check(ctx) {
    const settings = ctx.gateway.settings;
    for (const key of Object.keys(settings)) {
      if (!ADMIN_SETTINGS.includes(key)) continue;
      const setting = settings[key]!;
      const addresses = strs(setting.value) ?? (str(setting.value) ? [str(setting.value)!] : []);
      const exposed = addresses.filter((a) => {
        if (/^off$/i.test(a)) return false;
        const host = /^:?\d+$/.test(a) ? '0.0.0.0' : hostOf(a.replace(/\s.*$/, ''));
        return host === '0.0.0.0' || host === '*' || host === '[::]' || host === '::' || host === '' || !isPrivateHost(host);
      });
      if (!exposed.length) continue;
      ctx.report(setting.origin.at, {
        message:
          `The gateway admin interface (${key}) listens on ${exposed.join(', ')}: anyone who can reach that address can reconfigure the gateway.` +
          reliesOnDefault(setting.origin, undefined, key),
      });
    }
  },
});

export const accessRules = [adminRouteWithoutAuthorization, adminRouteAllMethods, adminInterfaceExposed];
