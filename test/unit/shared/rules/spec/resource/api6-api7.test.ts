import { describe, expect, it } from 'vitest';
import { lineOf, run } from './resource-test-kit.js';

describe('spec.api6.business-flow-unprotected', () => {
  const spec = `openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /checkout:
    post:
      operationId: checkoutCart
      responses: {'200': {description: ok}}
  /users/signUp:
    post:
      responses: {'201': {description: ok}}
  /orders:
    get:
      responses: {'200': {description: ok}}
  /facebook/link:
    post:
      responses: {'200': {description: ok}}
`;
  it('flags write operations that look like business flows, for a business owner to confirm', () => {
    const found = run(spec, 'spec.api6.business-flow-unprotected');
    expect(found.map((f) => f.endpoints[0])).toEqual(['POST /checkout', 'POST /users/signUp']);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    post:', lineOf(spec, '/checkout:')));
    expect(found[0]!.message).toBe(
      'POST /checkout looks like a checkout flow and documents no 429 response, no idempotency key and no captcha or attestation input; a business owner must confirm whether automated use of it is a risk.',
    );
    expect(found[1]!.message).toContain('a sign-up flow');
    expect(found[0]!.confidence).toBe('candidate');
  });
  it('is quiet with an idempotency key, a captcha input or a 429', () => {
    const fixed = spec
      .replace(
        "      operationId: checkoutCart\n",
        "      operationId: checkoutCart\n      parameters:\n        - {name: Idempotency-Key, in: header, required: true, schema: {type: string, format: uuid}}\n",
      )
      .replace(
        "  /users/signUp:\n    post:\n",
        "  /users/signUp:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              properties:\n                captchaToken: {type: string, maxLength: 2048}\n",
      );
    expect(run(fixed, 'spec.api6.business-flow-unprotected')).toEqual([]);
  });
});

describe('spec.api7.url-input', () => {
  const spec = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /import:
    post:
      parameters:
        - {name: callback_url, in: query, schema: {type: string}}
        - {name: nextPageToken, in: query, schema: {type: string, maxLength: 100}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Import'}
      responses: {'202': {description: ok}}
  /preview:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Import'}
      responses: {'200': {description: ok}}
components:
  schemas:
    Import:
      type: object
      properties:
        source: {type: string, format: uri}
        avatarUrl: {type: string, maxLength: 2048}
        name: {type: string, maxLength: 50}
`;
  it('flags URL inputs by name or format with no allowlist; a shared schema property once', () => {
    const found = run(spec, 'spec.api7.url-input');
    expect(found).toHaveLength(3);
    const param = found.find((f) => f.message.startsWith('Parameter "callback_url"'))!;
    expect(param.locations[0]!.line).toBe(lineOf(spec, '{name: callback_url'));
    expect(param.endpoints).toEqual(['POST /import']);
    expect(param.message).toContain('takes a URL (by its name) with no pattern or enum restricting it');
    const source = found.find((f) => f.message.includes('"source"'))!;
    expect(source.message).toContain('Request field "source" in schema "Import" takes a URL (by format uri)');
    expect(source.endpoints).toEqual(['POST /import', 'POST /preview']);
    expect(source.locations[0]!.line).toBe(lineOf(spec, '        source:'));
    expect(found.some((f) => f.message.includes('avatarUrl'))).toBe(true);
    expect(found.some((f) => f.message.includes('nextPageToken'))).toBe(false);
    expect(found[0]!.equivalents).toEqual(['owasp:api7:2023-concerning-url-parameter']);
  });
  it('is quiet once the URLs have an allowlist pattern or enum', () => {
    const fixed = spec
      .replace('{name: callback_url, in: query, schema: {type: string}}', () => "{name: callback_url, in: query, schema: {type: string, pattern: '^https://hooks\\.example\\.com/'}}")
      .replace('source: {type: string, format: uri}', () => "source: {type: string, format: uri, pattern: '^https://files\\.example\\.com/'}")
      .replace('avatarUrl: {type: string, maxLength: 2048}', 'avatarUrl: {type: string, enum: [https://cdn.example.com/a.png]}');
    expect(run(fixed, 'spec.api7.url-input')).toEqual([]);
  });
});

describe('spec.api7.callback-target', () => {
  const callbacks = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /subscriptions:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                callbackUrl: {type: string, format: uri}
      callbacks:
        onEvent:
          '{$request.body#/callbackUrl}':
            post:
              responses: {'200': {description: ok}}
      responses: {'201': {description: ok}}
`;
  it('flags an OAS 3 callback sent to an address from the request', () => {
    const found = run(callbacks, 'spec.api7.callback-target');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(callbacks, '        onEvent:'));
    expect(found[0]!.endpoints).toEqual(['POST /subscriptions']);
    expect(found[0]!.message).toBe(
      'Callback "onEvent" of POST /subscriptions is sent to `{$request.body#/callbackUrl}`, an address taken from the client\'s request with no allowlist.',
    );
  });
  it('is quiet when the field the callback reads is restricted', () => {
    const fixed = callbacks.replace('callbackUrl: {type: string, format: uri}', () => "callbackUrl: {type: string, format: uri, pattern: '^https://[a-z0-9.-]+\\.example\\.com/'}");
    expect(run(fixed, 'spec.api7.callback-target')).toEqual([]);
  });

  const webhooks = `openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /webhook-endpoints:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                url: {type: string, format: uri}
      responses: {'201': {description: ok}}
webhooks:
  invoicePaid:
    post:
      responses: {'200': {description: ok}}
`;
  it('flags OAS 3.1 webhooks whose targets are registered without an allowlist', () => {
    const found = run(webhooks, 'spec.api7.callback-target');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(webhooks, 'webhooks:'));
    expect(found[0]!.endpoints).toEqual(['POST /webhook-endpoints']);
    expect(found[0]!.message).toContain('The API sends webhooks `invoicePaid` to subscriber addresses; targets are registered through url of POST /webhook-endpoints, with no pattern');
  });
  it('is quiet on OAS 3.1 webhooks whose registration field is restricted', () => {
    const fixed = webhooks.replace('url: {type: string, format: uri}', () => "url: {type: string, format: uri, pattern: '^https://'}");
    expect(run(fixed, 'spec.api7.callback-target')).toEqual([]);
  });
});
