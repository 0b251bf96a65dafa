import { describe, expect, it } from 'vitest';
import { clfVariant, isProblem, parseClfLine, unescapeLogField } from '../../../../../shared/importers/traffic/clf.js';
import type { TrafficEvent } from '../../../../../shared/model/traffic.js';
import { parseClfTime } from '../../../../../shared/importers/traffic/time.js';

const ok = (line: string): TrafficEvent => {
  const r = parseClfLine(line, 7);
  if (r === null || isProblem(r)) throw new Error(`not parsed: ${JSON.stringify(r)}`);
  return r;
};

describe('Apache/NGINX predefined formats', () => {
  it('reads a combined line into the normalized event', () => {
    const ev = ok('83.149.9.216 - alice [17/May/2015:10:05:03 +0200] "GET /presentations/x.png?a=1 HTTP/1.1" 200 203023 "http://ref.example/" "Mozilla/5.0 (Macintosh)"');
    expect(ev).toMatchObject({
      line: 7,
      clientIp: '83.149.9.216',
      principal: 'alice',
      method: 'GET',
      pathRaw: '/presentations/x.png?a=1',
      status: 200,
      bytesOut: 203023,
      userAgent: 'Mozilla/5.0 (Macintosh)',
      ts: Date.UTC(2015, 4, 17, 8, 5, 3),
    });
  });

  it('reads common (no referer, no agent) and a "-" size', () => {
    const ev = ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "HEAD / HTTP/1.0" 304 -');
    expect(ev.method).toBe('HEAD');
    expect(ev.bytesOut).toBeUndefined();
    expect(ev.userAgent).toBeUndefined();
    expect(ev.principal).toBeUndefined();
  });

  it('reads the vhost variants', () => {
    const a = ok('api.example.com:443 192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET /v1 HTTP/1.1" 200 5 "-" "curl/8.5.0"');
    expect(a).toMatchObject({ host: 'api.example.com', scheme: 'https', clientIp: '192.0.2.1' });
    const b = ok('shop.example.com 192.0.2.2 - - [01/Mar/2026:10:00:00 +0000] "GET /v1 HTTP/1.1" 200 5');
    expect(b).toMatchObject({ host: 'shop.example.com', clientIp: '192.0.2.2' });
  });

  it('reads combinedio sizes, the Kong proxy request id, ingress-nginx and the API Gateway CLF preset', () => {
    expect(ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "POST /x HTTP/1.1" 201 5 "-" "ua" 812 1024').bytesIn).toBe(812);
    expect(ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "ua" kong_request_id: "8b3c7c2a"').requestId).toBe('8b3c7c2a');
    const ingress = ok(
      '192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET /x HTTP/1.1" 502 5 "-" "ua" 310 0.250 [default-api-80] [] 10.0.0.7:8080, 10.0.0.8:8080 0, 0 0.100, 0.150 502, 502 4f6b2c8e1a2b3c4d',
    );
    expect(ingress).toMatchObject({ bytesIn: 310, latencyMs: 250, upstreamStatus: 502, requestId: '4f6b2c8e1a2b3c4d' });
    const apigw = ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET /pets/{petId} HTTP/1.1" 200 123 c6af9ac6-7b61-11e6-9a41-93e8deadbeef abcDEF123=');
    expect(apigw).toMatchObject({ pathRaw: '/pets/{petId}', requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' });
  });

  it('tells the variants apart from a sample', () => {
    const lines = (tail: string) => Array.from({ length: 5 }, () => `192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5${tail}`);
    expect(clfVariant(lines(''))?.format).toBe('common');
    expect(clfVariant(lines(' "-" "ua"'))?.format).toBe('combined');
    expect(clfVariant(lines(' "-" "ua" 10 20'))?.format).toBe('combinedio');
    expect(clfVariant(lines(' "-" "ua" kong_request_id: "x"'))?.format).toBe('kong-proxy-log');
    expect(clfVariant(lines(' c6af9ac6-7b61-11e6-9a41-93e8deadbeef'))?.format).toBe('aws-apigw-clf');
  });

  it('handles escaped quotes and \\xXX bytes (UTF-8 sequences included)', () => {
    const ev = ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET /caf\\xc3\\xa9 HTTP/1.1" 200 5 "-" "agent \\"quoted\\" \\x22x\\x22"');
    expect(ev.pathRaw).toBe('/café');
    expect(ev.userAgent).toBe('agent "quoted" "x"');
    expect(unescapeLogField('a\\\\b')).toBe('a\\b');
  });

  it('keeps malformed request lines as requests without a method, and absolute targets as host + path', () => {
    expect(ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "-" 408 -').method).toBe('-');
    expect(ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "\\x16\\x03\\x01\\x00" 400 226').method).toBe('-');
    expect(ok('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET http://proxy.example.com/a?b HTTP/1.1" 200 1')).toMatchObject({ host: 'proxy.example.com', pathRaw: '/a?b', scheme: 'http' });
  });

  it('names what is wrong with a malformed line', () => {
    const reason = (line: string): string => {
      const r = parseClfLine(line, 1);
      return r && isProblem(r) ? r.reason : 'parsed';
    };
    expect(reason('garbage')).toBe('no [time] field');
    expect(reason('192.0.2.1 - - [yesterday] "GET / HTTP/1.1" 200 1')).toMatch(/unreadable time/);
    expect(reason('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" abc 1')).toMatch(/unreadable status/);
    expect(reason('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1 200 1')).toMatch(/not closed/);
    expect(reason('192.0.2.1 - - [01/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "cut')).toBe('the quoted user agent is not closed');
    expect(parseClfLine('', 1)).toBeNull();
  });

  it('normalizes CLF times with offsets to UTC, reusing the hour it saw last', () => {
    expect(parseClfTime('10/Oct/2000:13:55:36 -0700')).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(parseClfTime('10/Oct/2000:13:56:01 -0700')).toBe(Date.UTC(2000, 9, 10, 20, 56, 1));
    expect(parseClfTime('10/Oct/2000:13:56:01 +0530')).toBe(Date.UTC(2000, 9, 10, 8, 26, 1));
    expect(parseClfTime('10/Oct/2000:13:55:36.250 +0000')).toBe(Date.UTC(2000, 9, 10, 13, 55, 36, 250));
    expect(parseClfTime('99/Foo/2000:13:55:36 +0000')).toBeUndefined();
  });
});
