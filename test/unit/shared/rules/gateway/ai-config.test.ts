import { describe, expect, it } from 'vitest';
import type { AiControl } from '../../../../../shared/model/gateway.js';
import { findings, jwtAuth, only, origin, rateLimit, ref } from './build-config.js';

const proxy = (over: Partial<AiControl> = {}): AiControl => ({
  kind: 'ai-proxy',
  provider: 'openai',
  model: 'gpt-4o',
  providerHost: 'api.openai.com',
  maxTokens: 512,
  logsPayloads: false,
  details: {},
  origin: origin('route', '/routes/0/plugins/0'),
  ...over,
});
const tokenLimit = rateLimit({ kind: 'ai-rate-limiting-advanced', unit: 'tokens', limit: 10000, origin: origin('route', '/routes/0/plugins/1') });
const guard: AiControl = { kind: 'ai-prompt-guard', details: { matchAllRoles: true, allowAllConversationHistory: false }, origin: origin('route', '/routes/0/plugins/2') };
/** A well-protected AI route: provider in the EU, token limit, max_tokens, guard, no payload logging. */
const safeAi = (over: Partial<AiControl> = {}) => ({
  path: '/v1/chat/completions',
  methods: ['POST'],
  controls: { ai: [proxy({ provider: 'mistral', providerHost: 'api.mistral.ai', ...over }), guard], rateLimits: [rateLimit(), tokenLimit] },
});

describe('the safe AI route', () => {
  it('has no AI findings', () => {
    for (const id of ['gateway.ai.third-country-provider', 'gateway.ai.no-token-limit', 'gateway.ai.no-max-tokens', 'gateway.ai.no-prompt-guard', 'gateway.ai.payload-logging'])
      expect(findings({ routes: [safeAi()] }, id)).toEqual([]);
  });
});

describe('gateway.ai.third-country-provider', () => {
  const id = 'gateway.ai.third-country-provider';

  it('reports OpenAI (United States) as a GDPR-44 candidate at the AI plugin', () => {
    const f = only(findings({ routes: [{ ...safeAi(), controls: { ...safeAi().controls, ai: [proxy(), guard] } }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.confidence).toBe('candidate');
    expect(f.controls).toContain('GDPR-44');
    expect(f.locations[0]!.pointer).toBe('/routes/0/plugins/0');
    expect(f.message).toContain('sends prompts to OpenAI at api.openai.com, United States, outside the EU/EEA');
  });

  it('reads regions from Bedrock and Vertex hosts, and from upstream hosts without AI plugins', () => {
    const us = only(findings({ routes: [{ path: '/ai/{*}' }], upstreams: [{ url: 'https://bedrock-runtime.us-east-1.amazonaws.com', host: 'bedrock-runtime.us-east-1.amazonaws.com' }] }, id));
    expect(us.message).toContain('Amazon Bedrock at bedrock-runtime.us-east-1.amazonaws.com, region us-east-1');
    expect(us.locations[0]!.pointer).toBe('/upstreams/0');
    expect(findings({ routes: [{ path: '/ai/{*}' }], upstreams: [{ url: 'https://bedrock-runtime.eu-central-1.amazonaws.com', host: 'bedrock-runtime.eu-central-1.amazonaws.com' }] }, id)).toEqual([]);
    expect(findings({ routes: [{ path: '/ai/{*}' }], upstreams: [{ url: 'https://europe-west4-aiplatform.googleapis.com', host: 'europe-west4-aiplatform.googleapis.com' }] }, id)).toEqual([]);
  });

  it('rates an Azure OpenAI resource with no visible region low', () => {
    const f = only(findings({ routes: [{ ...safeAi(), controls: { ...safeAi().controls, ai: [proxy({ provider: 'azure', providerHost: 'contoso.openai.azure.com' }), guard] } }] }, id));
    expect(f.severity).toBe('low');
    expect(f.message).toContain('whose region is not visible in the config');
  });
});

describe('gateway.ai.no-token-limit', () => {
  const id = 'gateway.ai.no-token-limit';
  it('reports an AI route with no token budget: high without any limit, medium with a request limit', () => {
    const none = only(findings({ routes: [{ ...safeAi(), controls: { ...safeAi().controls, rateLimits: [] } }] }, id));
    expect(none.severity).toBe('high');
    expect(none.message).toContain('no token limit or token quota and no request-rate limit either');
    const rate = only(findings({ routes: [{ ...safeAi(), controls: { ...safeAi().controls, rateLimits: [rateLimit()] } }] }, id));
    expect(rate.severity).toBe('medium');
    expect(rate.controls).toContain('LLM10:2025');
  });
  it('is silent for non-AI routes', () => {
    expect(findings({ routes: [{ path: '/orders', controls: { rateLimits: [] } }] }, id)).toEqual([]);
  });
});

describe('gateway.ai.no-max-tokens', () => {
  const id = 'gateway.ai.no-max-tokens';
  it('reports an AI proxy without max_tokens at the plugin', () => {
    const f = only(findings({ routes: [safeAi({ maxTokens: undefined })] }, id));
    expect(f.locations[0]!.pointer).toBe('/routes/0/plugins/0');
    expect(f.message).toContain('through ai-proxy without a server-side max_tokens cap');
  });
});

describe('gateway.ai.no-prompt-guard', () => {
  const id = 'gateway.ai.no-prompt-guard';
  it('reports an AI route without a guard, and a guard that checks only user messages (low)', () => {
    const none = only(findings({ routes: [{ ...safeAi(), controls: { ...safeAi().controls, ai: [proxy({ provider: 'mistral', providerHost: 'api.mistral.ai' })] } }] }, id));
    expect(none.message).toContain('no prompt guard or content-safety check');
    const partial = only(
      findings({ routes: [{ ...safeAi(), controls: { ...safeAi().controls, ai: [proxy({ provider: 'mistral', providerHost: 'api.mistral.ai' }), { ...guard, details: { matchAllRoles: false } }] } }] }, id),
    );
    expect(partial.severity).toBe('low');
    expect(partial.message).toContain('checks only part of the conversation (only user messages)');
  });
});

describe('gateway.ai.payload-logging', () => {
  const id = 'gateway.ai.payload-logging';
  it('reports logged prompts', () => {
    const f = only(findings({ routes: [safeAi({ logsPayloads: true })] }, id));
    expect(f.message).toContain('logs prompts and completions');
    expect(f.controls).toEqual(expect.arrayContaining(['LLM02:2025', 'GDPR-5(1)(c)']));
  });
});

describe('gateway.secrets.clear-text', () => {
  const id = 'gateway.secrets.clear-text';
  it('names where each secret is, never its value', () => {
    const list = findings(
      {
        secrets: [
          { kind: 'consumer-key', where: 'consumer "harry" keyauth_credentials[0].key', at: ref('/consumers/0/keyauth_credentials/0/key') },
          { kind: 'private-key', where: 'certificates[0].key', at: ref('/certificates/0/key') },
        ],
      },
      id,
    );
    expect(list).toHaveLength(2);
    expect(list.map((f) => f.severity)).toEqual(['high', 'high']);
    expect(list.map((f) => f.message)).toContain('Clear-text consumer API key in the config at consumer "harry" keyauth_credentials[0].key (value not shown): anyone who can read this file can use it; move it to a secret store and rotate it.');
    expect(list.map((f) => f.locations[0]!.pointer)).toEqual(expect.arrayContaining(['/consumers/0/keyauth_credentials/0/key', '/certificates/0/key']));
  });
  it('is silent without secrets', () => {
    expect(findings({}, id)).toEqual([]);
  });
});

describe('gateway.cors.wildcard-with-credentials', () => {
  const id = 'gateway.cors.wildcard-with-credentials';
  it('reports * with credentials once at the policy', () => {
    const cors = { origins: ['*'], credentials: true, origin: origin('global', '/plugins/9') };
    const f = only(findings({ routes: [{ path: '/a', controls: { cors } }, { path: '/b', controls: { cors } }] }, id));
    expect(f.severity).toBe('high');
    expect(f.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(f.message).toContain('allows every origin (*) with credentials');
  });
  it('is silent for * without credentials and for listed origins with credentials', () => {
    expect(
      findings({ routes: [{ controls: { cors: { origins: ['*'], credentials: false, origin: origin('global', '/p') } } }, { controls: { cors: { origins: ['https://app.example.net'], credentials: true, origin: origin('global', '/q') } } }] }, id),
    ).toEqual([]);
  });
});

describe('gateway.config rules', () => {
  it('server-version-disclosed: reports server_tokens on by default, noting servers that turn it off', () => {
    const id = 'gateway.config.server-version-disclosed';
    const f = only(
      findings(
        {
          product: 'nginx',
          settings: {
            server_tokens: { value: 'on', origin: { scope: 'default', at: ref('/http'), defaultNote: 'nginx server_tokens defaults to on: the version is sent in the Server header and error pages' } },
            'server:api.example.net:server_tokens': { value: 'off', origin: origin('server', '/http/server/0/server_tokens') },
          },
        },
        id,
      ),
    );
    expect(f.message).toContain('sends its version in the Server header');
    expect(f.message).toContain('Server blocks api.example.net turn it off');
    expect(f.message).toContain('relies on the product default (nginx server_tokens defaults to on');
    expect(findings({ settings: { server_tokens: { value: 'off', origin: origin('global', '/http/server_tokens') } } }, id)).toEqual([]);
  });

  it('directory-listing: reports autoindex on', () => {
    const f = only(findings({ settings: { 'route:r0:autoindex': { value: true, origin: origin('location', '/http/server/0/location/0/autoindex') } } }, 'gateway.config.directory-listing'));
    expect(f.endpoints).toEqual(['GET /items']);
  });

  it('no-request-validation: one low finding per config for body routes of products that can validate', () => {
    const id = 'gateway.validation.no-request-validation';
    const f = only(findings({ routes: [{ path: '/a', methods: ['POST'], controls: { requestValidation: undefined } }, { path: '/b', methods: ['PUT'], controls: { requestValidation: undefined } }, { path: '/c', methods: ['GET'], controls: { requestValidation: undefined } }] }, id));
    expect(f.severity).toBe('low');
    expect(f.endpoints).toEqual(['POST /a', 'PUT /b']);
    expect(f.message).toContain('kong can, with the request-validator or oas-validation plugin');
    expect(findings({ product: 'nginx', routes: [{ methods: ['POST'], controls: { requestValidation: undefined } }] }, id)).toEqual([]);
    expect(only(findings({ routes: [{ methods: ['POST'], controls: { requestValidation: { enabled: false, origin: origin('api', '/x-amazon-apigateway-request-validators/basic') } } }] }, id)).message).toContain('configured but turned off');
  });

  it('non-production-host: reports each beta or staging host once, at the listener serving it', () => {
    const id = 'gateway.inventory.non-production-host';
    const list = findings(
      {
        routes: [{ path: '/a', hosts: ['beta.api.example.net', 'api.example.net'] }, { path: '/b', hosts: ['beta.api.example.net'] }, { path: '/c', hosts: ['api-staging.example.net'] }],
        listeners: [{ name: 'beta:443', hostnames: ['beta.api.example.net'] }],
      },
      id,
    );
    expect(list).toHaveLength(2);
    const beta = list.find((f) => f.message.includes('beta.api.example.net'))!;
    expect(beta.endpoints).toEqual(['GET /a', 'GET /b']);
    expect(beta.locations[0]!.pointer).toBe('/listeners/0');
    expect(beta.message).toContain('serves the non-production host beta.api.example.net (beta) on listener beta:443 for 2 routes');
    const staging = list.find((f) => f.message.includes('api-staging.example.net'))!;
    expect(staging.message).toContain('(staging)');
    expect(staging.locations[0]!.pointer).toBe('/routes/2');
    expect(findings({ routes: [{ hosts: ['api.example.net'] }] }, id)).toEqual([]);
  });

  it('deprecated-route: reports routes marked deprecated', () => {
    const f = only(findings({ routes: [{ path: '/v1/items', deprecated: true, version: 'v1' }, { path: '/v2/items' }] }, 'gateway.inventory.deprecated-route'));
    expect(f.message).toContain('(version v1) is marked deprecated in the config but is still routed');
  });

  it('import-problem: reports what the importer could not interpret', () => {
    const f = only(findings({ problems: [{ message: 'limit_req uses zone "api", which no limit_req_zone defines', at: ref('/http/server/0/limit_req/0') }] }, 'gateway.config.import-problem'));
    expect(f.message).toBe('limit_req uses zone "api", which no limit_req_zone defines');
  });
});

describe('gateway.inventory.weaker-variant', () => {
  const id = 'gateway.inventory.weaker-variant';

  it('reports /v1 without the rate limit /v2 has (the OWASP beta case), with the stronger route as related place', () => {
    const f = only(findings({ routes: [{ path: '/v1/users/{id}', controls: { rateLimits: [] } }, { path: '/v2/users/{id}' }] }, id));
    expect(f.severity).toBe('medium');
    expect(f.endpoints).toEqual(['GET /v1/users/{id}']);
    expect(f.message).toContain('(version v1) is a weaker variant of the same endpoint: no rate limit where /v2/users/{id} (version v2) has rate-limiting 100 requests/minute by consumer');
    expect(f.locations.map((l) => l.pointer)).toEqual(['/routes/0', '/routes/1']);
  });

  it('reports a beta host with weaker authentication as high', () => {
    const f = only(findings({ routes: [{ path: '/users', hosts: ['beta.api.example.net'], controls: { authentication: [] } }, { path: '/users', hosts: ['api.example.net'] }] }, id));
    expect(f.severity).toBe('high');
    expect(f.message).toContain('(host beta.api.example.net)');
    expect(f.message).toContain('no authentication where /users on api.example.net has jwt');
  });

  it('is silent for variants with the same controls and for unrelated paths', () => {
    expect(findings({ routes: [{ path: '/v1/users' }, { path: '/v2/users' }, { path: '/v1/orders', controls: { rateLimits: [] } }] }, id)).toEqual([]);
  });

  it('compares only overlapping methods', () => {
    expect(findings({ routes: [{ path: '/v1/users', methods: ['POST'], controls: { authentication: [] } }, { path: '/v2/users', methods: ['GET'], controls: { authentication: [jwtAuth()] } }] }, id)).toEqual([]);
  });
});
