/**
 * Gateway rules on the importers' corpus fixtures (test/fixtures/gateways, provenance there):
 * the real importers build the model from the files, the gateway rules run on it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../../../shared/engine/run.js';
import { gatewayImporters } from '../../../../../shared/importers/gateways/index.js';
import type { Finding } from '../../../../../shared/model/finding.js';
import { gatewayRules } from '../../../../../shared/rules/gateway/index.js';
import { folder } from '../../importers/gateways/folder-access.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../fixtures/gateways');

/** Imports one gateway config of the corpus (`root` is the folder the user would pick) and runs the gateway rules on it. */
function auditGateway(root: string, file: string): Finding[] {
  const dir = path.join(fixtures, root);
  const head = readFileSync(path.join(dir, file), 'utf8').slice(0, 65536);
  const importer = gatewayImporters.find((i) => i.sniff(file, head));
  if (!importer) throw new Error(`no importer claims ${root}/${file}`);
  const imported = importer.parse(file, folder(dir));
  const result = runRules({ specs: [], gateways: [imported] }, gatewayRules);
  expect(result.ruleFailures).toEqual([]);
  return result.findings;
}

const of = (list: Finding[], id: string) => list.filter((f) => f.ruleId === id);
const text = (list: Finding[]) => JSON.stringify(list);

describe('Kong decK corpus', () => {
  const file = 'kong2kic-input.yaml';
  const findings = auditGateway('kong', file);
  const raw = readFileSync(path.join(fixtures, 'kong', file), 'utf8');

  it('reports every clear-text credential by place, never its value', () => {
    const secrets = of(findings, 'gateway.secrets.clear-text');
    const messages = secrets.map((f) => f.message).join('\n');
    for (const what of ['consumer API key', 'JWT signing secret', 'basic-auth password', 'private key', 'AWS secret access key']) expect(messages).toContain(`Clear-text ${what}`);
    expect(secrets.every((f) => f.severity === 'high' && f.message.includes('(value not shown)'))).toBe(true);
    // The values themselves (credential fields and PEM bodies of the fixture) appear in no finding.
    const values = [...raw.matchAll(/^\s*(?:key|secret|password|aws_secret):\s*["']?([^"'\s#]{8,})/gm)].map((m) => m[1]!);
    const pem = [...raw.matchAll(/^\s+([A-Za-z0-9+/]{40,}={0,2})$/gm)].map((m) => m[1]!);
    expect(values.length).toBeGreaterThan(2);
    expect(pem.length).toBeGreaterThan(5);
    const all = text(findings);
    for (const v of [...values, ...pem]) expect(all.includes(v), v).toBe(false);
  });

  it('reports the plain-http upstream to a public host and credentials accepted in the query', () => {
    expect(only(of(findings, 'gateway.upstream.plain-http')).message).toContain('(http://example-api.com) is reached over plain http at example-api.com');
    const query = of(findings, 'gateway.auth.credentials-in-query').map((f) => f.message);
    expect(query.some((m) => m.startsWith('jwt') && m.includes('`token`'))).toBe(true);
    expect(query.some((m) => m.startsWith('key-auth') && m.includes('relies on the product default'))).toBe(true);
  });

  it('finds the routes accepting http, naming Kong\'s default where the route sets no protocols', () => {
    const all = auditGateway('kong', 'convert-11-input.yaml');
    const http = of(all, 'gateway.tls.route-accepts-http');
    expect(http.some((f) => f.message.includes('relies on the product default (Kong route protocols'))).toBe(true);
    expect(of(all, 'gateway.upstream.tls-verify-off').every((f) => f.message.includes('relies on the product default'))).toBe(true);
  });
});

describe('Gatehouse\'s own Kong sample (AI plugins, secrets in URLs and prompts)', () => {
  const findings = auditGateway('kong/own', 'ai-and-limits.yaml');

  it('never prints the secrets it finds (provider key, prompt secret, log sink password)', () => {
    const all = text(findings);
    for (const secret of ['sk-proj-abcdefghijklmnopqrstuvwxyz0123', 'ZXhhbXBsZXNlY3JldA', 's3cr3tpass']) expect(all.includes(secret), secret).toBe(false);
    expect(all).toContain('http://***@logs.example.com/ingest');
  });

  it('reports the OpenAI route as a third-country transfer and the dynamic upstream', () => {
    expect(of(findings, 'gateway.ai.third-country-provider').some((f) => f.message.includes('OpenAI at api.openai.com, United States'))).toBe(true);
    expect(of(findings, 'gateway.upstream.dynamic-target')).toHaveLength(1);
  });
});

describe('NGINX corpus', () => {
  const findings = auditGateway('nginx/api-gateway', 'nginx.conf');

  it('reports wildcard CORS with credentials, the SSRF proxy_pass and the dry-run limit', () => {
    expect(only(of(findings, 'gateway.cors.wildcard-with-credentials')).message).toContain('allows every origin (*) with credentials');
    expect(only(of(findings, 'gateway.upstream.dynamic-target')).message).toContain('$arg_target');
    expect(only(of(findings, 'gateway.limits.rate-limit-not-enforced')).message).toContain('limit_req_dry_run is on');
  });

  it('says when a finding relies on an nginx default', () => {
    const verify = of(findings, 'gateway.upstream.tls-verify-off');
    expect(verify.some((f) => f.message.includes('relies on the product default (nginx proxy_ssl_verify defaults to off'))).toBe(true);
  });

  it('reports the legacy TLS protocols, the plain syslog sink and the spoofable IP-keyed limit', () => {
    expect(only(of(findings, 'gateway.tls.legacy-protocol')).message).toContain('TLSv1.0, TLSv1.1');
    expect(only(of(findings, 'gateway.logging.insecure-sink')).message).toContain('over unencrypted syslog (UDP)');
    expect(of(findings, 'gateway.limits.weak-rate-limit-key').some((f) => f.message.includes('0.0.0.0/0'))).toBe(true);
  });
});

describe('Envoy and Tyk corpus', () => {
  it('Envoy: reports the exposed admin interface and fail-open authorization', () => {
    const findings = auditGateway('envoy/own', 'api-gateway.yaml');
    expect(of(findings, 'gateway.auth.allows-anonymous').some((f) => f.message.includes('failureModeAllow'))).toBe(true);
    const rbac = auditGateway('envoy/rbac', 'envoy.yaml');
    expect(only(of(rbac, 'gateway.access.admin-interface-exposed')).message).toContain('0.0.0.0:10001');
  });

  it('Tyk: reports wildcard CORS with credentials in the OAS sample', () => {
    const findings = auditGateway('tyk/own', 'oas-full.yaml');
    expect(of(findings, 'gateway.cors.wildcard-with-credentials')).toHaveLength(1);
  });
});

function only(list: Finding[]): Finding {
  if (list.length !== 1) throw new Error(`expected one finding, got ${list.length}: ${list.map((f) => f.message).join(' | ')}`);
  return list[0]!;
}
