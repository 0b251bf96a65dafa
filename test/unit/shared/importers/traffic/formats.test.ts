import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isProblem } from '../../../../../shared/importers/traffic/clf.js';
import { checkFieldMap } from '../../../../../shared/importers/traffic/json-records.js';
import { compileLogFormat, LogFormatError, normalizeLogFormat } from '../../../../../shared/importers/traffic/nginx-format.js';
import { parseAlbLine, parseEnvoyTextLine } from '../../../../../shared/importers/traffic/positional.js';
import { fixture, importText, LOGS } from './import-helper.js';

/** The node-side decoder (electron/node/traffic/import-traffic-file.ts does the same). */
const gunzipBase64 = (b64: string): string => gunzipSync(Buffer.from(b64, 'base64')).toString('utf8');

describe('NGINX log_format compiler', () => {
  const format = fixture(LOGS, 'own/nginx-custom.format');

  it('accepts the bare format, a quoted one and a whole directive', () => {
    expect(normalizeLogFormat(`log_format main '$remote_addr - $remote_user' ' [$time_local] "$request"';`)).toBe('$remote_addr - $remote_user [$time_local] "$request"');
    expect(normalizeLogFormat(`'$remote_addr "$request"'`)).toBe('$remote_addr "$request"');
  });

  it('reads lines of a custom format, \\xXX escapes included, and counts the line that does not fit', () => {
    const r = importText(fixture(LOGS, 'own/nginx-custom.log'), { logFormat: compileLogFormat(format) });
    expect(r.summary.format).toBe('nginx-custom');
    expect(r.summary.parse).toMatchObject({ records: 4, malformed: 1 });
    expect(r.summary.parse.malformedSamples[0]).toMatchObject({ line: 5 });
    const [first, login, health, quoted] = r.stored;
    expect(first).toMatchObject({ host: 'api.example.com', tlsVersion: 'TLSv1.3', scheme: 'https', latencyMs: 12, requestId: 'req-0001', ts: Date.UTC(2026, 2, 1, 9, 0, 0) });
    expect(login).toMatchObject({ method: 'POST', status: 401, tlsVersion: 'TLSv1' });
    expect(health).toMatchObject({ scheme: 'http', tlsVersion: 'none' });
    expect(quoted!.pathRaw).toBe('/v1/users/"quoted"');
    expect(quoted!.userAgent).toBe('Mozilla/5.0 "odd" agent');
  });

  it('reads a JSON log_format (escape=json) key by key', () => {
    const f = compileLogFormat(`log_format j escape=json '{"t":"$time_iso8601","ip":"$remote_addr","req":"$request","s":"$status","ua":"$http_user_agent","rt":"$request_time"}';`);
    expect(f.json).toBe(true);
    const ev = f.parse('{"t":"2026-03-01T10:00:00+01:00","ip":"192.0.2.9","req":"GET /a?b=1 HTTP/1.1","s":"200","ua":"curl/8","rt":"0.120"}', 3);
    expect(ev).toMatchObject({ line: 3, clientIp: '192.0.2.9', method: 'GET', pathRaw: '/a?b=1', status: 200, latencyMs: 120, ts: Date.UTC(2026, 2, 1, 9, 0, 0) });
  });

  it('refuses a format that logs no request', () => {
    expect(() => compileLogFormat('$remote_addr $status')).toThrow(LogFormatError);
  });
});

describe('JSON gateway logs', () => {
  it('recognises the three documented Kong record versions (pretty-printed) and the NDJSON form', () => {
    for (const name of ['kong-log-format-3.4plus.json', 'kong-log-format-upto-3.3.json', 'kong-file-log-0.x.json']) {
      const r = importText(fixture(LOGS, name), { file: name });
      expect(r.summary.format, name).toBe('kong-json');
      expect(r.summary.parse.records, name).toBe(1);
      expect(r.status, name).toBe('ok');
    }
    const r = importText(fixture(LOGS, 'kong-file-log-samples.ndjson'), { file: 'k.ndjson', chunk: 100 });
    expect(r.summary).toMatchObject({ format: 'kong-json', parse: { records: 3, malformed: 0 } });
    const [v34, , v0] = r.stored;
    expect(v34).toMatchObject({ method: 'GET', pathRaw: '/log', status: 200, clientIp: '192.168.144.1', principal: 'foo', latencyMs: 515, upstream: '18.211.130.98:80', userAgent: 'HTTPie/2.4.0', ts: 1614232668342 });
    expect(v0).toMatchObject({ tlsVersion: 'TLSv1.2', pathRaw: '/get', userAgent: 'curl/7.37.1' });
  });

  it('reads Kong AI usage fields (provider, model, tokens)', () => {
    const r = importText(fixture(LOGS, 'own/kong-ai.ndjson'));
    expect(r.stored[0]!.ai).toEqual({ provider: 'openai', model: 'gpt-4o-2024-08-06', promptTokens: 600000, completionTokens: 500000, totalTokens: 1100000 });
    expect(r.summary.ai).toMatchObject({ requests: 2, withUsage: 2, tokens: { total: 1100500 }, providers: { openai: 2 } });
  });

  it('reads API Gateway REST and HTTP API access logs, with the resource path as the route', () => {
    const rest = importText(fixture(LOGS, 'own/apigw-rest.jsonl'));
    expect(rest.summary.format).toBe('aws-apigw-json');
    expect(rest.stored[0]).toMatchObject({ clientIp: '192.0.2.50', principal: 'user-17', pathRaw: '/pets/{petId}', routeHint: '/pets/{petId}', requestId: 'abcDEF123=', ts: Date.UTC(2026, 2, 1, 10) });
    expect(rest.stored[1]).toMatchObject({ pathRaw: '/prod/pets/42', denyReason: 'MISSING_AUTHENTICATION_TOKEN', status: 403 });
    const http = importText(fixture(LOGS, 'own/apigw-http.jsonl'));
    expect(http.stored[0]).toMatchObject({ method: 'POST', pathRaw: '/orders', routeHint: '/orders', status: 201 });
  });

  it('reads both shapes of Azure APIM GatewayLogs', () => {
    const resource = importText(fixture(LOGS, 'own/apim-resource.jsonl'));
    expect(resource.summary.format).toBe('apim-json');
    expect(resource.stored[0]).toMatchObject({ host: 'contoso.azure-api.net', pathRaw: '/echo/resource?param1=sample', tlsVersion: 'TLSv1.1', principal: 'sub-a', upstream: 'http://echoapi.cloudapp.net/api/resource', latencyMs: 42 });
    const legacy = importText(fixture(LOGS, 'own/apim-legacy.json'));
    expect(legacy.summary.parse.records).toBe(1);
    expect(legacy.stored[0]).toMatchObject({ method: 'POST', status: 201, clientIp: '192.0.2.61', principal: 'sub-b', tlsVersion: 'TLSv1.2', latencyMs: 35 });
  });

  it('reads Envoy/Istio JSON and the default text format', () => {
    const json = importText(fixture(LOGS, 'own/envoy.jsonl'));
    expect(json.summary.format).toBe('envoy-json');
    expect(json.stored[1]).toMatchObject({ clientIp: '192.0.2.41', status: 503, denyReason: 'UF', host: 'shop.example.com', routeHint: 'items' });
    const text = importText(fixture(LOGS, 'own/envoy-default.log'));
    expect(text.summary.format).toBe('envoy-text');
    expect(text.stored[1]).toMatchObject({ status: 429, denyReason: 'RL', clientIp: '192.0.2.31', userAgent: 'okhttp/4.12.0' });
    expect(parseEnvoyTextLine('[x] "GET / HTTP/1.1" 200', 1)).toMatchObject({ reason: expect.any(String) });
  });

  it('reads ALB logs (query string included, TLS, plain HTTP) and tolerates appended fields', () => {
    const r = importText(fixture(LOGS, 'own/alb.log'));
    expect(r.summary.format).toBe('alb');
    expect(r.stored[0]).toMatchObject({ clientIp: '192.0.2.20', tlsVersion: 'TLSv1.2', host: 'api.example.com', pathRaw: '/v1/orders?api_key=[secret]', latencyMs: 48 });
    expect(r.stored[1]).toMatchObject({ tlsVersion: 'none', status: 301 });
    const withExtra = fixture(LOGS, 'own/alb.log').split('\n')[0] + ' "new-field" 42';
    expect(isProblem(parseAlbLine(withExtra, 1)!)).toBe(false);
  });

  it('unwraps CloudWatch subscription records (gzip + base64) and skips control messages', () => {
    const data = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: 'API-Gateway-Access-Logs',
      logStream: 's',
      subscriptionFilters: ['f'],
      logEvents: [
        { id: '1', timestamp: 1772359200000, message: '{"requestId":"a","ip":"192.0.2.90","requestTime":"01/Mar/2026:10:00:00 +0000","httpMethod":"GET","resourcePath":"/pets","status":"200","protocol":"HTTP/1.1","responseLength":"5"}' },
        { id: '2', timestamp: 1772359260000, message: '192.0.2.91 - - [01/Mar/2026:10:01:00 +0000] "GET /pets HTTP/1.1" 200 5 c6af9ac6-7b61-11e6-9a41-93e8deadbeef' },
      ],
    };
    const control = { messageType: 'CONTROL_MESSAGE', logEvents: [] };
    const b64 = (o: unknown): string => gzipSync(Buffer.from(JSON.stringify(o))).toString('base64');
    const text = `${b64(data)}\n${b64(control)}\n`;
    const r = importText(text, { gunzipBase64 });
    expect(r.summary.format).toBe('cloudwatch');
    expect(r.summary.parse).toMatchObject({ records: 2, skipped: 1, malformed: 0 });
    expect(r.stored.map((s) => s.clientIp)).toEqual(['192.0.2.90', '192.0.2.91']);
  });

  it('unwraps aws logs filter-log-events output (JSON and CLF messages)', () => {
    const r = importText(fixture(LOGS, 'own/filter-log-events.json'));
    expect(r.summary.format).toBe('cloudwatch');
    expect(r.summary.parse.records).toBe(2);
    expect(r.stored[1]).toMatchObject({ method: 'DELETE', status: 204, routeHint: '/pets/{petId}' });
  });

  it('reads other JSON through an editable field mapping, and says what a mapping lacks', () => {
    const checked = checkFieldMap({ ts: 'when', clientIp: 'net.ip', method: 'req.verb', url: 'req.url', status: 'res.code', principal: 'user.id', totalTokens: 'usage.total' });
    expect(checked.problems).toEqual([]);
    const line = JSON.stringify({ when: '2026-03-01T10:00:00Z', net: { ip: '192.0.2.95' }, req: { verb: 'post', url: 'https://x.example.com/v1/a?token=abc123' }, res: { code: 201 }, user: { id: 'u1' }, usage: { total: 77 } });
    const r = importText(`${line}\n{"other":1}\n`, { fieldMap: checked.map! });
    expect(r.summary.format).toBe('field-map');
    expect(r.stored[0]).toMatchObject({ method: 'POST', host: 'x.example.com', pathRaw: '/v1/a?token=[secret]', status: 201, principal: 'u1', ai: { totalTokens: 77 } });
    expect(r.summary.parse.malformed).toBe(1);
    expect(checkFieldMap({ method: 'm', bogus: 'x' }).problems.join(' ')).toMatch(/unknown field "bogus".*needs "path", "url" or "request".*needs "status"/);
  });

  it('says which JSON records it does not know', () => {
    const r = importText('{"foo":1}\n{"bar":2}\n', { sniffed: { kind: 'traffic', format: 'json-lines', label: 'x', mode: 'json-lines' } });
    expect(r.status).toBe('error');
    expect(r.summary.parse.malformedSamples[0]!.reason).toMatch(/unknown shape.*--field-map/);
  });
});
