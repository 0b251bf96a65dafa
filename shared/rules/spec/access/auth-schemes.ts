/** Weak or risky security schemes (API2): what the scheme itself says, reported once at the scheme. */
import type { SecurityScheme, SpecModel } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';

/** Endpoints whose effective security mentions the scheme, sorted. */
function endpointsRequiring(spec: SpecModel, scheme: SecurityScheme): string[] {
  return spec.operations.filter((o) => o.security.some((alt) => scheme.name in alt)).map((o) => o.endpoint).sort();
}

function usedBy(endpoints: readonly string[]): string {
  if (!endpoints.length) return 'no operation requires it yet';
  return `required by ${endpoints.length} operation${endpoints.length > 1 ? 's' : ''}`;
}

export const httpBasicScheme = defineSpecRule({
  id: 'spec.auth.http-basic',
  title: 'HTTP Basic authentication scheme',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32'],
  equivalents: ['owasp:api2:2023-no-http-basic'],
  rationale:
    'HTTP Basic sends a long-lived, reusable secret (a password or API key, only base64-encoded) with every request; it cannot expire, carries no scope, and leaks wherever a request is logged or intercepted.',
  remediation: 'Replace Basic with a token-based scheme (OAuth 2.0 / OpenID Connect bearer tokens with short lifetimes), or at least restrict it to service accounts over TLS.',
  check(ctx) {
    for (const s of ctx.spec.securitySchemes) {
      if (s.type !== 'http' || s.scheme !== 'basic') continue;
      const endpoints = endpointsRequiring(ctx.spec, s);
      ctx.report(s.at, {
        message: `Security scheme \`${s.name}\` is HTTP Basic (${usedBy(endpoints)}): the caller's reusable secret travels base64-encoded with every request.`,
        endpoints,
      });
    }
  },
});

export const insecureHttpScheme = defineSpecRule({
  id: 'spec.auth.insecure-http-scheme',
  title: 'Outdated HTTP authentication scheme (Negotiate or OAuth 1)',
  severity: 'medium',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32'],
  equivalents: ['owasp:api2:2023-auth-insecure-schemes'],
  rationale:
    'The `negotiate` HTTP scheme can fall back to NTLM, and `oauth` is OAuth 1.0 request signing; both are considered outdated and are hard to use safely across proxies and gateways.',
  remediation: 'Move to OAuth 2.0 / OpenID Connect bearer tokens (or mutual TLS for service-to-service calls).',
  check(ctx) {
    for (const s of ctx.spec.securitySchemes) {
      if (s.type !== 'http' || (s.scheme !== 'negotiate' && s.scheme !== 'oauth')) continue;
      const endpoints = endpointsRequiring(ctx.spec, s);
      const what = s.scheme === 'negotiate' ? 'Negotiate (SPNEGO, which can fall back to NTLM)' : 'OAuth 1.0 request signing';
      ctx.report(s.at, { message: `Security scheme \`${s.name}\` uses the HTTP scheme \`${s.scheme}\`: ${what} (${usedBy(endpoints)}).`, endpoints });
    }
  },
});

export const apiKeyInQuery = defineSpecRule({
  id: 'spec.auth.api-key-in-query',
  title: 'API key sent in the query string',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32'],
  equivalents: ['owasp:api2:2023-no-api-keys-in-url'],
  rationale: 'Query strings end up in access logs, proxy logs, browser history and Referer headers, so a key sent there leaks to everyone who can read them.',
  remediation: 'Accept the key in a header (for example `X-API-Key`) and reject requests that carry it in the query.',
  check(ctx) {
    for (const s of ctx.spec.securitySchemes) {
      if (s.type !== 'apiKey' || s.in !== 'query') continue;
      const endpoints = endpointsRequiring(ctx.spec, s);
      ctx.report(s.at, {
        message: `API key scheme \`${s.name}\` is sent in the query parameter \`${s.paramName ?? '?'}\` (${usedBy(endpoints)}): the key is written to every log and history that records URLs.`,
        endpoints,
      });
    }
  },
});

export const oauthDiscouragedFlow = defineSpecRule({
  id: 'spec.auth.oauth-discouraged-flow',
  title: 'OAuth2 implicit or password grant declared',
  severity: 'high',
  confidence: 'confirmed',
  controls: ['API2:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'The OAuth 2.0 Security Best Current Practice (RFC 9700) says the resource owner password credentials grant MUST NOT be used (the client sees the user\'s password) and the implicit grant SHOULD NOT be used (tokens in the URL fragment, no sender constraint).',
  remediation: 'Use the authorization code flow with PKCE for user-facing clients and client credentials for machine clients; remove the implicit and password flows.',
  check(ctx) {
    for (const s of ctx.spec.securitySchemes)
      for (const f of s.flows) {
        if (f.kind === 'password')
          ctx.report(f.at, {
            message: `OAuth2 scheme \`${s.name}\` declares the password grant: clients collect the user's password themselves, which RFC 9700 forbids.`,
            endpoints: endpointsRequiring(ctx.spec, s),
          });
        else if (f.kind === 'implicit')
          ctx.report(f.at, {
            message: `OAuth2 scheme \`${s.name}\` declares the implicit grant: access tokens are returned in the redirect URL, which RFC 9700 advises against (rated medium: a SHOULD NOT, where the password grant is a MUST NOT).`,
            endpoints: endpointsRequiring(ctx.spec, s),
            severity: 'medium',
          });
      }
  },
});

export const oauthNoRefreshUrl = defineSpecRule({
  id: 'spec.auth.oauth-no-refresh-url',
  title: 'OAuth2 flow without a refresh URL',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API2:2023'],
  equivalents: ['owasp:api2:2023-short-lived-access-tokens'],
  rationale:
    'Short-lived access tokens are only practical when clients can renew them; a user-facing flow that documents no `refreshUrl` suggests access tokens live long instead. ' +
    'Heuristic: many servers refresh at the token URL. Client credentials and implicit flows issue no refresh tokens and are not checked; Swagger 2.0 has no refreshUrl field and is not checked either.',
  remediation: 'Document the `refreshUrl` of the flow and keep access-token lifetimes short (minutes), with rotating refresh tokens.',
  check(ctx) {
    if (ctx.spec.version === '2.0') return;
    for (const s of ctx.spec.securitySchemes)
      for (const f of s.flows) {
        if (f.kind === 'clientCredentials' || f.kind === 'implicit' || f.refreshUrl !== undefined) continue;
        ctx.report(f.at, {
          message: `The \`${f.kind}\` flow of OAuth2 scheme \`${s.name}\` has no \`refreshUrl\`: the description does not show how clients renew short-lived access tokens.`,
          endpoints: endpointsRequiring(ctx.spec, s),
        });
      }
  },
});

const JWT_HINT = /\bjwt\b|json web token/i;
const RFC8725 = /RFC\s*-?\s*8725/i;

export const jwtWithoutRfc8725 = defineSpecRule({
  id: 'spec.auth.jwt-without-rfc8725',
  title: 'JWT scheme does not state RFC 8725 practices',
  severity: 'low',
  confidence: 'candidate',
  controls: ['API2:2023'],
  equivalents: ['owasp:api2:2023-jwt-best-practices'],
  rationale:
    'JWT validation goes wrong in well-known ways (`alg: none`, algorithm confusion, missing `exp`/`aud` checks). RFC 8725 lists the practices; a scheme that does not say it follows them gives the auditor nothing to hold the implementation to. Documentation-level evidence only.',
  remediation: 'State in the scheme description that tokens are validated per RFC 8725 (fixed algorithm allow-list, `exp`, `aud` and `iss` checked), and make it true.',
  check(ctx) {
    for (const s of ctx.spec.securitySchemes) {
      const isJwt = (s.type === 'http' && s.scheme === 'bearer' && JWT_HINT.test(s.bearerFormat ?? '')) || JWT_HINT.test(s.description ?? '');
      if (!isJwt || RFC8725.test(s.description ?? '')) continue;
      ctx.report(s.at, {
        message: `JWT scheme \`${s.name}\` ${s.description ? 'has a description that does not mention' : 'has no description stating'} RFC 8725 (JSON Web Token best current practices).`,
        endpoints: endpointsRequiring(ctx.spec, s),
      });
    }
  },
});

export const schemeRules = [httpBasicScheme, insecureHttpScheme, apiKeyInQuery, oauthDiscouragedFlow, oauthNoRefreshUrl, jwtWithoutRfc8725];
