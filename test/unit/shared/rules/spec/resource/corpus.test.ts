/** The resource rules on the real-world fixtures: AI endpoints found, SSRF inputs flagged, no rule failing. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../../../../shared/engine/run.js';
import { importOpenApi } from '../../../../../../shared/importers/openapi/index.js';
import { findAiEndpoints, inferenceEndpoints } from '../../../../../../shared/rules/spec/resource/ai-endpoints.js';
import { resourceRules } from '../../../../../../shared/rules/spec/resource/index.js';
import { audit } from './resource-test-kit.js';

const FIXTURES = new URL('../../../../../fixtures/specs/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const of = (findings: ReturnType<typeof audit>, id: string) => findings.filter((f) => f.ruleId === id);

describe('vuln-bank (OpenAPI 3.0 with AI endpoints and SSRF)', () => {
  const text = fixture('vuln-bank-openapi.json');
  const findings = audit(text, 'vuln-bank-openapi.json');

  it('detects the AI chat endpoints, the anonymous one among them', () => {
    const { model } = importOpenApi('vuln-bank-openapi.json', { readText: () => text });
    expect(findAiEndpoints(model).map((a) => a.operation.endpoint)).toEqual(['POST /api/ai/chat', 'POST /api/ai/chat/anonymous', 'GET /api/ai/system-info']);
    expect(inferenceEndpoints(model).map((a) => a.operation.endpoint)).toEqual(['POST /api/ai/chat', 'POST /api/ai/chat/anonymous']);
    expect(of(findings, 'spec.llm.ai-endpoint-inventory')[0]!.endpoints).toHaveLength(3);
    expect(of(findings, 'spec.llm.unauthenticated').map((f) => f.endpoints[0])).toEqual(['POST /api/ai/chat/anonymous']);
    expect(of(findings, 'spec.llm.no-rate-limit').map((f) => f.endpoints[0]).sort()).toEqual(['POST /api/ai/chat', 'POST /api/ai/chat/anonymous']);
    expect(of(findings, 'spec.llm.prompt-unbounded')).toHaveLength(2);
    const leak = of(findings, 'spec.llm.system-prompt-exposed');
    expect(leak).toHaveLength(1);
    expect(leak[0]!.endpoints).toEqual(['GET /api/ai/system-info']);
    expect(leak[0]!.severity).toBe('high');
  });

  it('flags the SSRF URL input of the profile-picture import', () => {
    const ssrf = of(findings, 'spec.api7.url-input');
    expect(ssrf.map((f) => f.endpoints)).toEqual([['POST /upload_profile_picture_url']]);
    expect(ssrf[0]!.message).toContain('Request field "image_url"');
    expect(ssrf[0]!.locations[0]!.line).toBe(text.split('\n').findIndex((l) => l.includes('"image_url": {')) + 1);
  });

  it('reports the client-chosen API version and the aggregated gaps once each', () => {
    expect(of(findings, 'spec.api9.multiple-versions')[0]!.message).toContain('POST /api/v{version}/forgot-password');
    for (const id of ['spec.api4.rate-limit-429', 'spec.api8.missing-500', 'spec.api8.missing-auth-errors', 'spec.api8.cors-origin-undocumented'])
      expect(of(findings, id)).toHaveLength(1);
  });
});

describe('other fixtures', () => {
  it('Pixi (Swagger 2.0): plain http scheme on a raw IP host', () => {
    const findings = audit(fixture('pixi-swagger.json'), 'pixi-swagger.json');
    expect(of(findings, 'spec.api8.scheme-http')[0]!.message).toContain('104.131.115.192');
    expect(of(findings, 'spec.api9.non-production-server')[0]!.message).toContain('raw IP address');
    expect(findings.some((f) => f.ruleId.startsWith('spec.llm.'))).toBe(false);
  });

  it('VulnYoga (OpenAPI 3.1): SSRF proxy parameter, stack traces in errors, v0 beside v1', () => {
    const findings = audit(fixture('vulnyoga-openapi.yaml'), 'vulnyoga-openapi.yaml');
    expect(of(findings, 'spec.api7.url-input').map((f) => f.endpoints[0])).toContain('GET /api/v1/image/proxy');
    expect(of(findings, 'spec.api8.error-internals')[0]!.message).toContain('`stack`');
    expect(of(findings, 'spec.api9.multiple-versions')[0]!.message).toContain('v0 (2 operations), v1 (26 operations)');
  });

  it('VAmPI, crAPI and juice-shop run cleanly and stay free of AI findings', () => {
    for (const name of ['vampi-openapi3.yml', 'crapi-openapi-spec.json', 'juice-shop-swagger.yml']) {
      const findings = audit(fixture(name), name);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.filter((f) => f.ruleId.startsWith('spec.llm.'))).toEqual([]);
    }
  });

  it('DigitalOcean (multi-file): the serverless inference endpoints are found among the GenAI management ones', () => {
    const dir = new URL('digitalocean/specification/', FIXTURES);
    const { model, sources } = importOpenApi('DigitalOcean-public.v2.yaml', {
      readText: (p) => {
        try {
          return readFileSync(new URL(p, dir), 'utf8');
        } catch {
          return undefined;
        }
      },
    });
    const calls = inferenceEndpoints(model).map((a) => a.operation.endpoint);
    expect(calls).toEqual(expect.arrayContaining(['POST /v1/chat/completions', 'POST /v1/embeddings', 'POST /v1/messages', 'POST /v1/responses']));
    expect(calls.every((e) => !e.startsWith('DELETE '))).toBe(true);
    const result = runRules({ specs: [{ model, sources }] }, resourceRules);
    expect(result.ruleFailures).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'spec.llm.max-tokens-unbounded').map((f) => f.endpoints).flat()).toContain('POST /v1/chat/completions');
  });
});
