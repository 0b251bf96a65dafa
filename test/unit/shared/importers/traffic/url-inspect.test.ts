import { describe, expect, it } from 'vitest';
import { inspectBody, inspectUrl, internalTarget, parameterKind, ssrfTarget, valueKind } from '../../../../../shared/importers/traffic/url-inspect.js';

describe('secrets and personal data in URLs', () => {
  it('masks credentials by parameter name and sensitive values by shape, and says where without the value', () => {
    const r = inspectUrl('/v1/orders?api_key=sk_live_9f8e7d6c5b4a&email=jane%40mail.example&page=2&card=4111111111111111&access_token=abc', true);
    expect(r.pathRaw).toBe('/v1/orders?api_key=[secret]&email=[email]&page=2&card=[card]&access_token=[secret]');
    expect(r.data).toEqual([
      { kind: 'credential', where: 'api_key', secret: true },
      { kind: 'email', where: 'email', secret: false },
      { kind: 'card-number', where: 'card', secret: false },
      { kind: 'credential', where: 'access_token', secret: true },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/sk_live|jane|4111/);
  });

  it('finds values in path segments (e-mail, JWT, Luhn-valid card, IBAN, phone)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.sig';
    const r = inspectUrl(`/users/jane@mail.example/cards/4111111111111111/t/${jwt}/iban/DE89370400440532013000/p/+4915112345678`, true);
    expect(r.path).toBe('/users/[email]/cards/[card]/t/[jwt]/iban/[iban]/p/[phone]');
    expect(r.data.map((d) => d.kind)).toEqual(['email', 'card-number', 'jwt', 'iban', 'phone']);
    // A 16-digit id that fails Luhn, page tokens and plain words are not flagged.
    expect(inspectUrl('/orders/4111111111111112?next_token=abcdef&sort=name', true).data).toEqual([]);
  });

  it('keeps the URL as logged when masking is off, and reports the same', () => {
    const r = inspectUrl('/a?password=hunter22', false);
    expect(r.pathRaw).toBe('/a?password=hunter22');
    expect(r.data).toEqual([{ kind: 'credential', where: 'password', secret: true }]);
  });

  it('knows parameter names and value shapes', () => {
    expect(['token', 'client_secret', 'apiKey', 'X-Api-Key', 'refresh_token', 'sig'].map(parameterKind)).toEqual(Array(6).fill('credential'));
    expect(['page_token', 'next_token', 'cursor'].map(parameterKind)).toEqual([undefined, undefined, undefined]);
    expect(parameterKind('phone_number')).toBe('phone');
    expect(valueKind('hello@example.org')).toBe('email');
    expect(valueKind('5500000000000004')).toBe('card-number');
  });
});

describe('SSRF payloads', () => {
  it('finds internal targets raw, URL-decoded and double-decoded', () => {
    expect(ssrfTarget('url', 'http://169.254.169.254/latest/meta-data/')).toBe('cloud-metadata');
    expect(ssrfTarget('url', 'http%3A%2F%2F127.0.0.1%3A8080%2F')).toBe('loopback');
    expect(ssrfTarget('next', 'http%253A%252F%252F10.0.0.5%252F')).toBe('private-network');
    expect(ssrfTarget('file', 'file%3A%2F%2F%2Fetc%2Fpasswd')).toBe('scheme:file');
    expect(ssrfTarget('x', 'gopher://localhost:25/')).toBe('scheme:gopher');
    expect(ssrfTarget('callback', 'http://metadata.google.internal/computeMetadata/v1/')).toBe('cloud-metadata');
  });

  it('leaves public URLs and bare private addresses in ordinary parameters alone', () => {
    expect(ssrfTarget('url', 'https://example.com/a')).toBeUndefined();
    expect(ssrfTarget('filter', '10.0.0.5')).toBeUndefined();
    expect(ssrfTarget('host', '10.0.0.5')).toBe('private-network');
    expect(internalTarget('[::1]:80')).toBe('loopback');
  });

  it('reports SSRF parameters of a URL and of a body', () => {
    expect(inspectUrl('/hooks?url=http%3A%2F%2F169.254.169.254%2F&x=1', true).ssrf).toEqual([{ parameter: 'url', target: 'cloud-metadata' }]);
    expect(inspectBody('{"callback": "http://127.0.0.1:9000/x"}')).toEqual([{ parameter: 'body', target: 'loopback' }]);
  });
});
