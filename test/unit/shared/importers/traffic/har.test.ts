import { describe, expect, it } from 'vitest';
import { principalFromHeaders } from '../../../../../shared/importers/traffic/har.js';
import { fixture, HARS, importText } from './import-helper.js';

const har = (name: string, chunk = 4096) => importText(fixture(HARS, name), { file: name, chunk });

describe('HAR 1.2', () => {
  it('imports the real-world captures (Chrome, Charles, Insomnia, POST data, WebSocket)', () => {
    for (const name of ['chrome.har', 'charles.har', 'insomnia.har', 'postdata.har', 'websocket.har', 'full.har', 'auth-variants.har', 'typed-params.har', 'form_data_har.har', 'headers_and_params_har.har', 'security.har', 'one-post-json-cookie.har', 'ServerService-GetNavigationMenu2-ff.har', 'error_log.har']) {
      const r = har(name);
      expect(r.summary.format, name).toBe('har');
      expect(r.status, name).not.toBe('error');
      expect(r.summary.parse.records, name).toBeGreaterThan(0);
    }
  });

  it('tolerates a UTF-8 byte order mark', () => {
    const withBom = har('with-bom.har');
    const without = har('postdata.har');
    expect(fixture(HARS, 'with-bom.har').charCodeAt(0)).toBe(0xfeff);
    expect(withBom.status).toBe('ok');
    expect(withBom.summary.parse.records).toBe(without.summary.parse.records);
  });

  it('reports an empty HAR, a broken one, and invalid bodies, each in its own words', () => {
    const empty = har('no-entries.har');
    expect(empty.status).toBe('ok');
    expect(empty.summary.parse.records).toBe(0);
    expect(empty.summary.parse.notes).toContain('the HAR holds no entries');

    const broken = har('brokenfile.har');
    expect(broken.status).toBe('error');
    expect(broken.error).toMatch(/the HAR is broken at line 5, column \d+: unexpected string/);

    const invalid = har('post-json-invalid.har');
    expect(invalid.status).toBe('ok');
    expect(invalid.issues.map((i) => i.message).join('\n')).toMatch(/request body declared application\/json is not valid JSON/);
  });

  it('gives the same result whatever the chunk size (the entries are streamed)', () => {
    const a = har('chrome.har', 7);
    const b = har('chrome.har', 1 << 20);
    expect(a.stored).toEqual(b.stored);
  });

  it('finds stack traces in response bodies, plain HTTP, and the JWT subject as principal', () => {
    const r = har('own/leaks.har');
    expect(r.stored.map((s) => s.bodyLeak)).toEqual(['Java stack trace', 'Python traceback', undefined]);
    expect(r.stored.map((s) => s.principal)).toEqual(['alice', 'alice', 'alice']);
    expect(r.stored[0]).toMatchObject({ tlsVersion: 'none', upstream: '203.0.113.5', status: 500, line: expect.any(Number) });
    expect(r.summary.errors.bodyLeaks.map((l) => l.kind).sort()).toEqual(['Java stack trace', 'Python traceback']);
    expect(r.summary.transport.plaintext.count).toBe(2);
    // The entry's first line is its location.
    expect(fixture(HARS, 'own/leaks.har').split('\n')[r.stored[1]!.line - 1]!.trim()).toBe('{');
  });

  it('never keeps a credential as the principal: opaque tokens and keys become fingerprints', () => {
    expect(principalFromHeaders([{ name: 'Authorization', value: 'Bearer opaque-token-123' }]).principal).toMatch(/^token#[0-9a-f]{8}$/);
    expect(principalFromHeaders([{ name: 'X-Api-Key', value: 'k-123' }]).principal).toMatch(/^key#[0-9a-f]{8}$/);
    expect(principalFromHeaders([{ name: 'authorization', value: 'Basic ' + btoa('bob:secret') }]).principal).toBe('bob');
    const none = principalFromHeaders([{ name: 'Authorization', value: `Bearer ${btoa('{"alg":"none"}').replace(/=+$/, '')}.${btoa('{"sub":"eve"}').replace(/=+$/, '')}.` }]);
    expect(none).toEqual({ principal: 'eve', note: 'a JWT with "alg": "none"' });
    const r = har('auth-variants.har');
    expect(JSON.stringify(r.stored)).not.toMatch(/Bearer|Basic [A-Za-z0-9]/);
  });
});
