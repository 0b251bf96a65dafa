import { describe, expect, it } from 'vitest';
import { audit, findings, gateway, jwtAuth, only, origin, ref } from './build-config.js';

describe('the secure default config of the test builder', () => {
  it('has no gateway findings at all', () => {
    expect(audit(gateway({ routes: [{ path: '/items' }, { path: '/orders/{id}', methods: ['GET', 'PUT'] }] })).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});

describe('gateway.auth.unauthenticated-route', () => {
  const id = 'gateway.auth.unauthenticated-route';

  it('reports a route with no authentication, rated high, at its service with the route as second location', () => {
    const service = { scope: 'service' as const, name: 'items', at: ref('/services/0') };
    const f = only(findings({ routes: [{ path: '/items', methods: ['GET', 'POST'], container: service, controls: { authentication: [] } }] }, id));
    expect(f.severity).toBe('high');
    expect(f.confidence).toBe('likely');
    expect(f.endpoints).toEqual(['GET /items', 'POST /items']);
    expect(f.message).toContain('route "route-0" (GET, POST /items) of service "items" has no authentication at the gateway');
    expect(f.message).toContain('cannot show whether the backend authenticates');
    expect(f.locations.map((l) => l.pointer)).toEqual(['/services/0', '/routes/0']);
    expect(f.locations[1]).toMatchObject({ file: 'gateway.yaml', line: 2 });
    expect(f.controls).toEqual(expect.arrayContaining(['API2:2023', 'API1:2023', 'GDPR-32']));
  });

  it('rates object-id, admin and AI routes critical and says why', () => {
    const list = findings(
      {
        routes: [
          { path: '/users/{userId}', controls: { authentication: [] } },
          { path: '/admin/users', controls: { authentication: [] } },
          { path: '/v1/chat/completions', methods: ['POST'], controls: { authentication: [] } },
        ],
      },
      id,
    );
    expect(list.map((f) => f.severity)).toEqual(['critical', 'critical', 'critical']);
    const byPath = (p: string) => list.find((f) => f.endpoints.some((e) => e.endsWith(p)))!;
    expect(byPath('/users/{userId}').message).toContain('object identifier {userId}');
    expect(byPath('/admin/users').message).toContain('admin-style path');
    expect(byPath('/v1/chat/completions').message).toContain('AI route');
  });

  it('rates public-by-design paths low and skips preflight-only routes', () => {
    const list = findings(
      {
        routes: [
          { path: '/oauth/token', methods: ['POST'], controls: { authentication: [] } },
          { path: '/items', methods: ['OPTIONS'], controls: { authentication: [] } },
        ],
      },
      id,
    );
    expect(only(list).severity).toBe('low');
    expect(list[0]!.message).toContain('public by design');
  });

  it('gives the importer\'s reason when it recorded one (Envoy: no jwt_authn rule matches the route)', () => {
    const f = only(
      findings(
        { product: 'envoy', routes: [{ controls: { authentication: [] } }], settings: { 'route:r0:jwt-authn': { value: 'no jwt_authn rule matches this route: no JWT is required', origin: origin('listener', '/l/0') } } },
        id,
      ),
    );
    expect(f.message).toContain('or globally (no jwt_authn rule matches this route: no JWT is required).');
  });

  it('lowers the rating one step behind an IP allow-list, and skips routes that refuse everyone', () => {
    const allowList = { kind: 'allow-deny', allow: ['10.0.0.0/8'], deny: ['all'], details: {}, origin: origin('location', '/http/server/0/location/0/allow') };
    const f = only(findings({ product: 'nginx', routes: [{ path: '/reports', controls: { authentication: [], authorization: [allowList] } }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('Only callers from 10.0.0.0/8 are let through (an IP allow-list), so this is rated medium.');
    const denyAll = { kind: 'request-termination', allow: [], deny: ['*'], details: {}, origin: origin('route', '/routes/0/plugins/0') };
    expect(findings({ routes: [{ path: '/old', controls: { authentication: [], authorization: [denyAll] } }] }, id)).toEqual([]);
  });

  it('does not report authenticated routes', () => {
    expect(findings({ routes: [{ path: '/users/{id}' }] }, id)).toEqual([]);
  });
});

describe('gateway.auth.credentials-in-query', () => {
  const id = 'gateway.auth.credentials-in-query';

  it('reports keys accepted in the query once at the plugin, with every route, saying it relies on the default', () => {
    const keyAuth = jwtAuth({
      kind: 'key-auth',
      credentialsInQuery: true,
      details: { keyNames: ['apikey'], defaults: ['key_in_query'] },
      origin: origin('global', '/plugins/0', 'Kong key-auth key_in_query defaults to true (keys are accepted in the query string)'),
    });
    const f = only(findings({ routes: [{ path: '/a', controls: { authentication: [keyAuth] } }, { path: '/b', controls: { authentication: [keyAuth] } }] }, id));
    expect(f.severity).toBe('high');
    expect(f.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(f.occurrences).toBe(2);
    expect(f.locations[0]!.pointer).toBe('/plugins/0');
    expect(f.message).toContain('key-auth configured globally accepts credentials in the query string (parameter `apikey`)');
    expect(f.message).toContain('This relies on the product default (Kong key-auth key_in_query defaults to true (keys are accepted in the query string))');
  });

  it('does not quote a default when the setting was configured', () => {
    const keyAuth = jwtAuth({ kind: 'key-auth', credentialsInQuery: true, details: { defaults: ['hide_credentials'] }, origin: origin('route', '/routes/0/plugins/0', 'Kong key-auth hide_credentials defaults to false') });
    const f = only(findings({ routes: [{ controls: { authentication: [keyAuth] } }] }, id));
    expect(f.message).not.toContain('relies on the product default');
  });

  it('is silent when credentials are only accepted in headers', () => {
    expect(findings({ routes: [{ controls: { authentication: [jwtAuth({ credentialsInQuery: false })] } }] }, id)).toEqual([]);
  });
});

describe('gateway.auth.allows-anonymous', () => {
  const id = 'gateway.auth.allows-anonymous';

  it('reports an anonymous fallback, critical on admin paths', () => {
    const anon = jwtAuth({ kind: 'key-auth', allowsAnonymous: true, details: { anonymous: 'guest' } });
    const list = findings({ routes: [{ path: '/items', controls: { authentication: [anon] } }, { path: '/admin/x', controls: { authentication: [anon] } }] }, id);
    const f = only(list);
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('lets requests without valid credentials through (anonymous: guest)');
    expect(f.endpoints).toEqual(['GET /admin/x', 'GET /items']);
  });

  it('reports fail-open authorization services as high', () => {
    const extAuthz = jwtAuth({ kind: 'ext-authz', allowsAnonymous: true, details: { failureModeAllow: true }, origin: origin('listener', '/listeners/0/filters/1') });
    const f = only(findings({ product: 'envoy', routes: [{ controls: { authentication: [extAuthz] } }] }, id));
    expect(f.severity).toBe('high');
    expect(f.message).toContain('(failureModeAllow)');
  });

  it('names Apigee step conditions and continueOnError', () => {
    const verify = jwtAuth({ kind: 'verify-api-key', allowsAnonymous: true, details: { continueOnError: true, stepCondition: 'request.verb != "GET"' }, origin: origin('proxy-endpoint' as never, '/proxies/default.xml/PreFlow/0') });
    const f = only(findings({ product: 'apigee', routes: [{ controls: { authentication: [verify] } }] }, id));
    expect(f.message).toContain('(continueOnError, stepCondition: request.verb != "GET")');
  });

  it('is silent for authentication that requires credentials', () => {
    expect(findings({}, id)).toEqual([]);
  });
});

describe('gateway.auth.weak-token-validation', () => {
  const id = 'gateway.auth.weak-token-validation';

  it('reports a JWT validator that does not check exp and caps no lifetime, relying on the default', () => {
    const jwt = jwtAuth({
      details: { claimsToVerify: [], maximumExpiration: 0, defaults: ['claims_to_verify', 'maximum_expiration'] },
      origin: origin(
        'service',
        '/services/0/plugins/0',
        'Kong jwt claims_to_verify has no default: token expiry (exp) is not checked unless configured; Kong jwt maximum_expiration defaults to 0 (no cap on token lifetime)',
      ),
    });
    const f = only(findings({ routes: [{ controls: { authentication: [jwt] } }] }, id));
    expect(f.severity).toBe('high');
    expect(f.message).toContain('expiry is not checked (the claims verified are none, without `exp`)');
    expect(f.message).toContain('token lifetimes are not capped');
    expect(f.message).toContain('relies on the product default (Kong jwt claims_to_verify has no default');
  });

  it('reads snake_case details and rates audience and long lifetimes medium', () => {
    const jwt = jwtAuth({ kind: 'validate-jwt', details: { require_expiration_time: true, audiences: [], token_expiration: 172800 } });
    const f = only(findings({ product: 'azure-apim', routes: [{ controls: { authentication: [jwt] } }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('the audience is not checked');
    expect(f.message).toContain('access tokens it issues live 48 hours');
    expect(f.message).not.toContain('relies on the product default');
  });

  it('is silent for a validator that checks exp and has no other weakness', () => {
    expect(findings({ routes: [{ controls: { authentication: [jwtAuth({ details: { claimsToVerify: ['exp'], maximumExpiration: 3600 } })] } }] }, id)).toEqual([]);
  });
});

describe('gateway.auth.legacy-oauth-grant', () => {
  const id = 'gateway.auth.legacy-oauth-grant';
  it('reports enabled implicit and password grants', () => {
    const oauth = jwtAuth({ kind: 'oauth2', details: { grants: { enable_implicit_grant: true }, implicitGrant: true, passwordGrant: true, enablePasswordGrant: true } });
    const f = only(findings({ routes: [{ controls: { authentication: [oauth] } }] }, id));
    expect(f.message).toContain('enables the implicit and password grants');
    expect(f.severity).toBe('high');
  });
  it('is silent for the authorization code grant', () => {
    expect(findings({ routes: [{ controls: { authentication: [jwtAuth({ kind: 'oauth2', details: { grants: ['authorization_code'] } })] } }] }, id)).toEqual([]);
  });
});

describe('gateway.auth.credentials-forwarded', () => {
  const id = 'gateway.auth.credentials-forwarded';
  it('reports credentials passed upstream, naming the default', () => {
    const keyAuth = jwtAuth({
      kind: 'key-auth',
      forwardsCredentials: true,
      details: { defaults: ['hide_credentials'] },
      origin: origin('global', '/plugins/0', 'Kong key-auth hide_credentials defaults to false (credentials are forwarded to the upstream)'),
    });
    const f = only(findings({ routes: [{ controls: { authentication: [keyAuth] } }] }, id));
    expect(f.severity).toBe('low');
    expect(f.message).toContain('forwards the caller\'s credential to the upstream');
    expect(f.message).toContain('relies on the product default (Kong key-auth hide_credentials defaults to false');
  });
  it('is silent when credentials are stripped', () => {
    expect(findings({ routes: [{ controls: { authentication: [jwtAuth({ forwardsCredentials: false })] } }] }, id)).toEqual([]);
  });
});

describe('gateway.auth.api-key-only', () => {
  const id = 'gateway.auth.api-key-only';
  it('reports object routes protected only by an API key, and any AWS route at medium', () => {
    const key = jwtAuth({ kind: 'api-key' });
    const kong = only(findings({ routes: [{ path: '/orders/{orderId}', controls: { authentication: [key] } }, { path: '/orders', controls: { authentication: [key] } }] }, id));
    expect(kong.severity).toBe('low');
    expect(kong.message).toContain('nothing at the gateway ties the object {orderId} to the caller');
    const aws = only(findings({ product: 'aws-apigateway', routes: [{ path: '/orders', controls: { authentication: [key] } }] }, id));
    expect(aws.severity).toBe('medium');
    expect(aws.message).toContain('AWS documents that API keys must not be used for authentication');
  });
  it('is silent when user authentication is present too', () => {
    expect(findings({ routes: [{ path: '/orders/{id}', controls: { authentication: [jwtAuth({ kind: 'api-key' }), jwtAuth()] } }] }, id)).toEqual([]);
  });
});
