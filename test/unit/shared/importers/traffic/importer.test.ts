import { describe, expect, it } from 'vitest';
import { BatchEncoder, decodeBatch } from '../../../../../shared/importers/traffic/batch-codec.js';
import { TrafficImporter } from '../../../../../shared/importers/traffic/traffic-importer.js';
import { TRAFFIC_LIMITS } from '../../../../../shared/model/traffic.js';
import { clfAt, combined, fixture, importText, LOGS } from './import-helper.js';

const apache = fixture(LOGS, 'apache_logs');

describe('the streaming importer on a real Apache log (10,000 lines)', () => {
  const r = importText(apache);

  it('reads every line, counts and samples the malformed one, and never stops', () => {
    expect(r.summary.format).toBe('combined');
    expect(r.summary.parse).toMatchObject({ lines: 10000, records: 9999, malformed: 1, skipped: 0 });
    expect(r.summary.parse.malformedSamples).toEqual([{ line: 8899, reason: 'the quoted user agent is not closed' }]);
    expect(r.status).toBe('partial');
    expect(r.issues[0]).toEqual({ message: 'malformed line: the quoted user agent is not closed', line: 8899 });
  });

  it('summarizes time span, volume, callers and personal data', () => {
    const s = r.summary;
    expect(s.span).toMatchObject({ first: '2015-05-17T10:05:00.000Z', last: '2015-05-20T21:05:59.000Z' });
    expect(s.volume.byClass['2xx'] + s.volume.byClass['3xx'] + s.volume.byClass['4xx'] + s.volume.byClass['5xx']).toBe(9999);
    expect(Object.keys(s.volume.byDay)).toEqual(['2015-05-17', '2015-05-18', '2015-05-19', '2015-05-20']);
    expect(s.topCallers[0]).toMatchObject({ caller: 'ip 66.249.73.135', kind: 'ip', count: 482 });
    expect(s.personalData).toMatchObject({ clientIps: 1753, principals: 0, kinds: ['client-ip', 'user-agent'] });
    expect(s.fields.principal).toBe(0);
    expect(s.endpoints.length).toBeLessThanOrEqual(TRAFFIC_LIMITS.endpoints);
  });

  it('gives the same summary whatever the chunk size', () => {
    const small = importText(apache.slice(0, 300_000), { chunk: 997 });
    const large = importText(apache.slice(0, 300_000), { chunk: 1 << 20 });
    expect(small.summary).toEqual(large.summary);
    expect(small.stored).toEqual(large.stored);
  });

  it('stores every request in batches that decode back to the normalized events', () => {
    expect(r.stored).toHaveLength(9999);
    expect(r.stored[0]).toMatchObject({ line: 1, method: 'GET', clientIp: '83.149.9.216', status: 200, bytesOut: 203023, ts: Date.UTC(2015, 4, 17, 10, 5, 3) });
    expect(r.stored.find((s) => s.line === 8900)?.line).toBe(8900);
    expect(r.stored.some((s) => s.line === 8899)).toBe(false);
  });
});

describe('privacy before storage', () => {
  const lines = [
    combined({ ip: '203.0.113.7', user: 'alice', path: '/v1/search?q=x&api_key=sk_live_abcdef123456&email=jane%40mail.example' }),
    combined({ ip: '203.0.113.8', user: 'bob', path: '/v1/users/jane@mail.example/orders' }),
  ].join('\n');
  const pseudonymize = (kind: string, value: string): string => `#${kind}-${value.length}`;

  it('pseudonymizes IPs, subnets and principals and masks URLs in what is stored and summarized', () => {
    const r = importText(lines, { pseudonymize });
    const text = JSON.stringify({ stored: r.stored, summary: r.summary });
    for (const secret of ['203.0.113.7', '203.0.113.8', 'alice', 'bob', 'sk_live', 'jane'])
      expect(text, secret).not.toContain(secret);
    expect(r.stored[0]).toMatchObject({ clientIp: '#ip-11', principal: '#principal-5', pathRaw: '/v1/search?q=x&api_key=[secret]&email=[email]' });
    expect(r.stored[1]!.pathRaw).toBe('/v1/users/[email]/orders');
    expect(r.summary.privacy).toMatchObject({ pseudonymized: true, maskedUrls: true });
    expect(r.summary.urlData.map((d) => [d.kind, d.where])).toEqual(
      expect.arrayContaining([
        ['credential', 'api_key'],
        ['email', 'email'],
        ['email', 'path'],
      ]),
    );
  });

  it('keeps values as logged when asked, and says so', () => {
    const r = importText(lines, { maskUrls: false });
    expect(r.stored[0]!.pathRaw).toContain('sk_live_abcdef123456');
    expect(r.summary.privacy).toMatchObject({ pseudonymized: false, maskedUrls: false });
  });
});

describe('bounded memory', () => {
  it('keeps the summary small however many distinct callers and paths a log has', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(combined({ ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, path: `/p${i}/x${i % 7}`, time: clfAt(i) }));
    const r = importText(lines.join('\n'));
    expect(r.summary.parse.records).toBe(60_000);
    expect(r.summary.endpoints.length).toBeLessThanOrEqual(TRAFFIC_LIMITS.endpoints);
    expect(r.summary.topCallers.length).toBeLessThanOrEqual(TRAFFIC_LIMITS.topCallers);
    expect(r.summary.endpointsOverflow).toBeGreaterThan(50_000);
    expect(JSON.stringify(r.summary).length).toBeLessThan(1_500_000);
  });

  it('treats a line over 1 MB as malformed and goes on', () => {
    const r = importText(`${combined({ path: '/a' })}\n${'x'.repeat(1_200_000)}\n${combined({ path: '/b' })}\n`, { chunk: 65536 });
    expect(r.summary.parse).toMatchObject({ records: 2, malformed: 1 });
    expect(r.summary.parse.malformedSamples[0]!.reason).toMatch(/longer than 1 MB/);
  });

  it('refuses a file in no traffic format, naming what it tried', () => {
    const importer = new TrafficImporter({ file: 'x.txt' });
    importer.push('hello\nworld\n');
    const r = importer.end({ file: 12, text: 12 }, '');
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/not in a traffic format/);
  });
});

describe('batch encoding', () => {
  it('round-trips events, missing values and AI usage through columnar JSON', () => {
    const batches: string[] = [];
    const enc = new BatchEncoder(3, 0, (b) => batches.push(b.json));
    const base = { ts: undefined, clientIp: undefined, upstreamStatus: undefined, bytesIn: undefined, bytesOut: undefined, latencyMs: undefined, principal: undefined, tlsVersion: undefined, scheme: undefined, userAgent: undefined, requestId: undefined, upstream: undefined, host: undefined, routeHint: undefined, ai: undefined, bodyLeak: undefined, requestBody: undefined, denyReason: undefined };
    const events = [
      { ...base, line: 1, method: 'GET', pathRaw: '/a', status: 200, ts: 1000, clientIp: 'x', bytesOut: 5 },
      { ...base, line: 4, method: 'POST', pathRaw: '/a', status: 500, requestId: 'r' },
      { ...base, line: 9, method: 'GET', pathRaw: '/b', status: 200, ts: 900, ai: { model: 'm', totalTokens: 7 } },
      { ...base, line: 10, method: 'GET', pathRaw: '/c', status: 204, principal: 'p' },
    ];
    for (const e of events) enc.add(e, { id: 0, value: 'GET /a' }, e.clientIp ? { id: 3, value: e.clientIp } : undefined, e.principal ? { id: -1, value: e.principal } : undefined, undefined);
    enc.flush();
    expect(batches).toHaveLength(2);
    const back = batches.flatMap(decodeBatch);
    expect(back.map((b) => b.line)).toEqual([1, 4, 9, 10]);
    expect(back[0]).toEqual({ line: 1, method: 'GET', pathRaw: '/a', status: 200, ts: 1000, clientIp: 'x', bytesOut: 5, endpoint: 'GET /a' });
    expect(back[1]).toEqual({ line: 4, method: 'POST', pathRaw: '/a', status: 500, requestId: 'r', endpoint: 'GET /a' });
    expect(back[2]).toMatchObject({ ts: 900, ai: { model: 'm', totalTokens: 7 } });
    expect(back[3]).toMatchObject({ principal: 'p' });
  });
});
