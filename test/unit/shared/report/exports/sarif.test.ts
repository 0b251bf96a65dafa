import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Finding } from '../../../../../shared/model/finding.js';
import type { RuleMeta } from '../../../../../shared/model/rule.js';
import type { AuditResult } from '../../../../../shared/report/exports/audit-result.js';
import { buildSarif, toRelativeUri, toSarif } from '../../../../../shared/report/exports/sarif.js';

function rule(id: string, over: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    title: 'API key sent in the query string',
    severity: 'high',
    confidence: 'confirmed',
    source: 'spec',
    controls: ['API2:2023', 'GDPR-32'],
    equivalents: ['owasp:api2:2023-no-api-keys-in-url'],
    rationale: 'Query strings end up in logs.',
    remediation: 'Move the key to a header.',
    ...over,
  };
}

function finding(fingerprint: string, over: Partial<Finding> = {}): Finding {
  return {
    fingerprint,
    ruleId: 'spec.auth.api-key-in-query',
    title: 'API key sent in the query string',
    severity: 'high',
    confidence: 'confirmed',
    controls: ['API2:2023', 'GDPR-32'],
    equivalents: [],
    source: 'spec',
    message: 'Security scheme "key" sends the API key in the query.',
    evidence: ['specs/api.yaml'],
    locations: [{ file: 'specs/api.yaml', line: 12, column: 5, pointer: '/components/securitySchemes/key' }],
    endpoints: ['GET /pets'],
    occurrences: 1,
    status: 'open',
    remediation: 'Move the key to a header.',
    ...over,
  };
}

const RESULT: AuditResult = {
  tool: { name: 'Gatehouse', version: '0.1.0' },
  rules: [
    rule('spec.auth.api-key-in-query'),
    rule('spec.schema.string-limit', { title: 'String without maxLength', severity: 'medium', confidence: 'likely', controls: ['API4:2023'], equivalents: [] }),
    rule('gateway.tls.legacy-protocols', { title: 'Legacy TLS enabled', severity: 'critical', controls: ['API8:2023', 'GDPR-32(1)(a)'] }),
    rule('spec.info.contact', { title: 'No contact', severity: 'info', confidence: 'candidate', controls: ['API9:2023'] }),
  ],
  findings: [
    finding('fp-medium', {
      ruleId: 'spec.schema.string-limit',
      title: 'String without maxLength',
      severity: 'medium',
      locations: [{ file: 'specs\\petstore v2.yaml', line: 0, column: 0, pointer: '/components/schemas/Pet/properties/name' }],
      status: 'accepted-risk',
      statusReason: 'Bounded by the gateway body limit',
      expires: '2027-01-01',
    }),
    finding('fp-high', {
      endpoints: ['GET /pets', 'POST /pets'],
      occurrences: 2,
      locations: [
        { file: './specs/api.yaml', line: 12, column: 5, pointer: '/components/securitySchemes/key' },
        { file: 'specs/shared/common.yaml', line: 3, column: 1, pointer: '/x' },
      ],
    }),
    finding('fp-low', {
      ruleId: 'cross.inventory.shadow-route',
      title: 'Route exposed but not documented',
      severity: 'low',
      source: 'cross',
      controls: ['API9:2023'],
      locations: [],
      evidence: ['traffic/access.log'],
    }),
    finding('fp-info', { ruleId: 'spec.info.contact', severity: 'info', status: 'suppressed', controls: ['API9:2023'] }),
  ],
  coverage: [],
  evidence: [{ name: 'specs/api.yaml', sha256: 'AB'.repeat(32) }, { name: 'traffic/access.log' }],
};

const Level = z.enum(['none', 'note', 'warning', 'error']);
const Message = z.object({ text: z.string().min(1), markdown: z.string().optional() });
const RelativeUri = z
  .string()
  .min(1)
  .refine((u) => !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u), 'must not carry a scheme')
  .refine((u) => !u.startsWith('/') && !u.includes('\\'), 'must be relative with forward slashes')
  .refine((u) => !/[\s#?]/.test(u), 'must be URI-encoded');
const Location = z.object({
  physicalLocation: z.object({
    artifactLocation: z.object({ uri: RelativeUri, uriBaseId: z.string().optional() }),
    region: z.object({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1) }),
  }),
});
const SecuritySeverity = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .refine((s) => Number(s) >= 0 && Number(s) <= 10);
const Rule = z.object({
  id: z.string().min(1),
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  shortDescription: Message,
  fullDescription: Message,
  help: z.object({ text: z.string().min(1), markdown: z.string().min(1) }),
  defaultConfiguration: z.object({ level: Level }),
  properties: z.object({ tags: z.array(z.string()), 'security-severity': SecuritySeverity, precision: z.string() }),
});
const Result = z.object({
  ruleId: z.string().min(1),
  ruleIndex: z.number().int().min(0),
  level: Level,
  message: Message,
  locations: z.array(Location),
  partialFingerprints: z.record(z.string(), z.string()),
  suppressions: z
    .array(z.object({ kind: z.enum(['inSource', 'external']), status: z.enum(['accepted', 'underReview', 'rejected']).optional(), justification: z.string().optional() }))
    .optional(),
  properties: z.object({ confidence: z.string(), controls: z.array(z.string()), endpoints: z.array(z.string()), occurrences: z.number().int().positive() }),
});
const SarifLog = z.object({
  $schema: z.url(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({ name: z.string().min(1), version: z.string(), informationUri: z.url().optional(), rules: z.array(Rule) }),
        }),
        results: z.array(Result),
      }),
    )
    .length(1),
});

const parsed = () => SarifLog.parse(JSON.parse(toSarif(RESULT)));

describe('toSarif', () => {
  it('produces a structurally valid SARIF 2.1.0 log with one run', () => {
    const log = parsed();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif.*2\.1\.0.*\.json$/);
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'Gatehouse', version: '0.1.0' });
    expect(log.runs[0]!.tool.driver.informationUri).toBeUndefined();
  });

  it('describes every declared rule, plus undeclared rules that findings name, with valid indexes', () => {
    const run = parsed().runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([
      'cross.inventory.shadow-route',
      'gateway.tls.legacy-protocols',
      'spec.auth.api-key-in-query',
      'spec.info.contact',
      'spec.schema.string-limit',
    ]);
    expect(run.results).toHaveLength(4);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('gives rules security-severity, level, tags, help with remediation', () => {
    const rules = new Map(parsed().runs[0]!.tool.driver.rules.map((r) => [r.id, r]));
    const key = rules.get('spec.auth.api-key-in-query')!;
    expect(key.name).toBe('ApiKeySentInTheQueryString');
    expect(key.shortDescription.text).toBe('API key sent in the query string');
    expect(key.fullDescription.text).toBe('Query strings end up in logs.');
    expect(key.help.text).toContain('Move the key to a header.');
    expect(key.help.markdown).toContain('**Remediation:** Move the key to a header.');
    expect(key.properties.tags).toEqual(expect.arrayContaining(['security', 'API2:2023', 'GDPR-32']));
    const expected = { critical: ['9.5', 'error'], high: ['8.0', 'error'], medium: ['5.5', 'warning'], low: ['3.0', 'note'], info: ['1.0', 'note'] };
    const check = (id: string, [score, level]: string[]) => {
      expect(rules.get(id)!.properties['security-severity'], id).toBe(score);
      expect(rules.get(id)!.defaultConfiguration.level, id).toBe(level);
    };
    check('gateway.tls.legacy-protocols', expected.critical);
    check('spec.auth.api-key-in-query', expected.high);
    check('spec.schema.string-limit', expected.medium);
    check('cross.inventory.shadow-route', expected.low);
    check('spec.info.contact', expected.info);
  });

  it('orders results by severity and maps levels from the finding severity', () => {
    const results = parsed().runs[0]!.results;
    expect(results.map((r) => r.partialFingerprints['gatehouse/v1'])).toEqual(['fp-high', 'fp-medium', 'fp-low', 'fp-info']);
    expect(results.map((r) => r.level)).toEqual(['error', 'warning', 'note', 'note']);
  });

  it('keeps artifact URIs relative with forward slashes and lines/columns at least 1', () => {
    const results = parsed().runs[0]!.results;
    const uris = results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris).toEqual(['specs/api.yaml', 'specs/shared/common.yaml', 'specs/petstore%20v2.yaml', 'traffic/access.log', 'specs/api.yaml']);
    const medium = results[1]!.locations[0]!.physicalLocation.region;
    expect(medium).toEqual({ startLine: 1, startColumn: 1 });
    expect(results[0]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 12, startColumn: 5 });
  });

  it('marks triaged findings as externally accepted suppressions with the reason', () => {
    const results = buildSarif(RESULT).runs[0].results;
    expect(results[0]!.suppressions).toBeUndefined();
    expect(results[2]!.suppressions).toBeUndefined();
    expect(results[1]!.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Bounded by the gateway body limit',
        properties: { status: 'accepted-risk', expires: '2027-01-01' },
      },
    ]);
    expect(results[3]!.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'suppressed', properties: { status: 'suppressed' } },
    ]);
  });

  it('carries confidence, controls, endpoints and occurrences as result properties', () => {
    expect(parsed().runs[0]!.results[0]!.properties).toEqual({
      confidence: 'confirmed',
      controls: ['API2:2023', 'GDPR-32'],
      endpoints: ['GET /pets', 'POST /pets'],
      occurrences: 2,
    });
  });

  it('lists evidence artifacts with their hashes and accepts an informationUri', () => {
    const log = buildSarif(RESULT, { informationUri: 'https://example.org/gatehouse' });
    expect(log.runs[0].tool.driver.informationUri).toBe('https://example.org/gatehouse');
    expect(log.runs[0].artifacts).toEqual([
      { location: { uri: 'specs/api.yaml', uriBaseId: '%SRCROOT%' }, hashes: { 'sha-256': 'ab'.repeat(32) } },
      { location: { uri: 'traffic/access.log', uriBaseId: '%SRCROOT%' } },
    ]);
  });

  it('is deterministic and pretty-printed with two spaces', () => {
    const text = toSarif(RESULT);
    expect(toSarif({ ...RESULT, findings: [...RESULT.findings].reverse(), rules: [...RESULT.rules].reverse() })).toBe(text);
    expect(text.split('\n')[1]).toMatch(/^ {2}"\$schema"/);
  });
});

describe('toRelativeUri', () => {
  it.each([
    ['specs/api.yaml', 'specs/api.yaml'],
    ['specs\\sub\\api.yaml', 'specs/sub/api.yaml'],
    ['./specs/./api.yaml', 'specs/api.yaml'],
    ['/specs/api.yaml', 'specs/api.yaml'],
    ['C:\\work\\api.yaml', 'work/api.yaml'],
    ['my file#1?.yaml', 'my%20file%231%3F.yaml'],
    ['c:api.yaml', 'c%3Aapi.yaml'],
    ['../outside.yaml', '../outside.yaml'],
  ])('%s → %s', (input, expected) => {
    expect(toRelativeUri(input)).toBe(expected);
  });
});
