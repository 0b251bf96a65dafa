/** One small description per LLM rule family: the problem, then the fixed version. */
import { describe, expect, it } from 'vitest';
import { audit, lineOf, run } from './resource-test-kit.js';

const secured = `security: [{key: []}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
`;

function api(paths: string, extra = ''): string {
  return `openapi: 3.1.0
info: {title: Assistant, version: '1'}
${extra}paths:
${paths}`;
}

describe('no AI endpoints, no LLM findings', () => {
  it('stays quiet on an ordinary API', () => {
    const spec = api(`  /users:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {email: {type: string, format: email}, message: {type: string}}}
      responses: {'201': {description: ok}}
`);
    expect(audit(spec).filter((f) => f.ruleId.startsWith('spec.llm.'))).toEqual([]);
  });
});

describe('spec.llm.client-system-role', () => {
  const spec = api(`  /chat:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                system: {type: string, maxLength: 4000}
                messages:
                  type: array
                  maxItems: 10
                  items:
                    type: object
                    properties:
                      role: {type: string, maxLength: 20}
                      content: {type: string, maxLength: 4000}
      responses: {'200': {description: ok}}
`, secured);
  it('flags a free-string role and a system field sent by clients', () => {
    const found = run(spec, 'spec.llm.client-system-role');
    expect(found.map((f) => f.locations[0]!.line).sort((a, b) => a - b)).toEqual([lineOf(spec, 'system: {type'), lineOf(spec, 'role: {type')]);
    expect(found.find((f) => f.message.includes('free string'))!.message).toBe(
      '`messages[].role` is a free string with no enum, so clients of POST /chat can send "system" or "developer" messages and write the system instructions.',
    );
    expect(found.find((f) => f.message.includes('send the system prompt'))!.message).toBe('Clients of POST /chat send the system prompt themselves in `system`.');
  });
  it('is quiet with a user/assistant enum and no system field', () => {
    const fixed = spec.replace('                system: {type: string, maxLength: 4000}\n', '').replace('role: {type: string, maxLength: 20}', 'role: {type: string, enum: [user, assistant]}');
    expect(run(fixed, 'spec.llm.client-system-role')).toEqual([]);
  });
});

describe('spec.llm.indirect-injection-input', () => {
  const spec = api(`  /ai/summarize:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                document: {type: string, format: binary, maxLength: 1000000}
      responses: {'200': {description: ok}}
`, secured);
  it('flags uploaded documents on AI endpoints', () => {
    const found = run(spec, 'spec.llm.indirect-injection-input');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'document:'));
    expect(found[0]!.message).toContain('`document` brings an uploaded file into the context of POST /ai/summarize');
  });
  it('is quiet when the endpoint only takes typed text', () => {
    const fixed = spec.replace('document: {type: string, format: binary, maxLength: 1000000}', 'text: {type: string, maxLength: 10000}');
    expect(run(fixed, 'spec.llm.indirect-injection-input')).toEqual([]);
  });
});

describe('spec.llm.output-with-personal-data and spec.llm.personal-data-dpia', () => {
  const spec = api(`  /ai/answer:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {question: {type: string, maxLength: 1000}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  answer: {type: string}
                  customer:
                    type: object
                    properties:
                      email: {type: string, format: email}
                      iban: {type: string}
`, secured);
  it('flags raw model text returned next to personal data, and the DPIA question', () => {
    const out = run(spec, 'spec.llm.output-with-personal-data');
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toBe('POST /ai/answer returns raw model text (`answer`) together with personal or user data (`customer`, `customer.email` and `customer.iban`).');
    expect(out[0]!.locations[0]!.line).toBe(lineOf(spec, '              schema:'));
    const dpia = run(spec, 'spec.llm.personal-data-dpia');
    expect(dpia).toHaveLength(1);
    expect(dpia[0]!.controls[0]).toBe('GDPR-35');
    expect(dpia[0]!.message).toContain('AI endpoint POST /ai/answer handles personal data (fields `email` and `iban`)');
  });
  it('is quiet when the response carries only the answer', () => {
    const fixed = spec.replace(/                  customer:[\s\S]*$/, '');
    expect(run(fixed, 'spec.llm.output-with-personal-data')).toEqual([]);
    expect(run(fixed, 'spec.llm.personal-data-dpia')).toEqual([]);
  });
});

describe('spec.llm.system-prompt-exposed', () => {
  const spec = api(`  /ai/debug:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AiInfo'}
`, `${secured}  schemas:
    AiInfo:
      type: object
      properties:
        systemPrompt: {type: string}
        model: {type: string}
`);
  it('flags a response property carrying the system prompt, at the schema property', () => {
    const found = run(spec, 'spec.llm.system-prompt-exposed');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'systemPrompt:'));
    expect(found[0]!.message).toBe('GET /ai/debug returns `AiInfo.systemPrompt`, the system prompt of the AI endpoints.');
    expect(found[0]!.severity).toBe('medium');
  });
  it('is quiet without it', () => {
    expect(run(spec.replace('        systemPrompt: {type: string}\n', ''), 'spec.llm.system-prompt-exposed')).toEqual([]);
  });
});

describe('spec.llm.ingestion-unprotected', () => {
  const spec = api(`  /ai/ask:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {prompt: {type: string, maxLength: 1000}}}
      responses: {'200': {description: ok}}
  /ai/feedback:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                ratings: {type: array, items: {type: integer, minimum: 1, maximum: 5}}
      responses: {'202': {description: ok}}
`, secured);
  it('flags ingestion without size limits (medium when authenticated)', () => {
    const found = run(spec, 'spec.llm.ingestion-unprotected');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe('POST /ai/feedback feeds data into the AI system and array "ratings" has no maxItems.');
    expect(found[0]!.severity).toBe('medium');
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, '    post:', lineOf(spec, '/ai/feedback:')));
  });
  it('is quiet with authentication and limits', () => {
    expect(run(spec.replace('ratings: {type: array,', 'ratings: {type: array, maxItems: 20,'), 'spec.llm.ingestion-unprotected')).toEqual([]);
  });
});

describe('spec.llm.raw-embeddings and spec.llm.client-namespace', () => {
  const spec = api(`  /vectors/query:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                tenant_id: {type: string, maxLength: 64}
                vector: {type: array, maxItems: 1536, items: {type: number}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  matches:
                    type: array
                    items:
                      type: object
                      properties:
                        id: {type: string}
                        score: {type: number}
                        values: {type: array, items: {type: number}}
                        vector: {type: array, items: {type: number}}
`, secured);
  it('flags stored vectors in the response and a client-chosen tenant', () => {
    const vectors = run(spec, 'spec.llm.raw-embeddings');
    expect(vectors).toHaveLength(1);
    expect(vectors[0]!.locations[0]!.line).toBe(lineOf(spec, '                        vector:'));
    expect(vectors[0]!.message).toBe('POST /vectors/query returns raw embedding vectors in `matches[].vector`.');
    const ns = run(spec, 'spec.llm.client-namespace');
    expect(ns).toHaveLength(1);
    expect(ns[0]!.message).toBe('`tenant_id` lets the caller of POST /vectors/query choose which tenant is searched.');
    expect(ns[0]!.locations[0]!.line).toBe(lineOf(spec, 'tenant_id:'));
  });
  it('is quiet when results carry ids and scores only and the tenant comes from the token', () => {
    const fixed = spec.replace('                tenant_id: {type: string, maxLength: 64}\n', '').replace('                        vector: {type: array, items: {type: number}}\n', '');
    expect(run(fixed, 'spec.llm.raw-embeddings')).toEqual([]);
    expect(run(fixed, 'spec.llm.client-namespace')).toEqual([]);
  });
});

describe('spec.llm.model-endpoint-unauthenticated', () => {
  const spec = api(`  /v1/models:
    get:
      responses: {'200': {description: ok}}
  /api/pull:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {model: {type: string, maxLength: 100}, stream: {type: boolean}}}
      responses: {'200': {description: ok}}
`);
  it('flags unauthenticated model listing (medium) and model pulling (high)', () => {
    const found = run(spec, 'spec.llm.model-endpoint-unauthenticated');
    expect(found.map((f) => [f.endpoints[0], f.severity])).toEqual([
      ['POST /api/pull', 'high'],
      ['GET /v1/models', 'medium'],
    ]);
    expect(found[0]!.message).toBe('POST /api/pull changes which models or adapters the service runs and requires no credentials.');
  });
  it('is quiet when authenticated', () => {
    expect(run(api(spec.slice(spec.indexOf('paths:\n') + 7), secured), 'spec.llm.model-endpoint-unauthenticated')).toEqual([]);
  });
});

describe('spec.llm.html-output', () => {
  const spec = api(`  /llm/answer:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {question: {type: string, maxLength: 500}}}
      responses:
        '200':
          description: ok
          content:
            text/markdown: {schema: {type: string}}
`, secured);
  it('flags markdown output as low and HTML as medium', () => {
    const found = run(spec, 'spec.llm.html-output');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('low');
    expect(found[0]!.locations[0]!.line).toBe(lineOf(spec, 'text/markdown'));
    expect(run(spec.replace('text/markdown', 'text/html'), 'spec.llm.html-output')[0]!.severity).toBe('medium');
  });
  it('is quiet with JSON output', () => {
    expect(run(spec.replace('text/markdown: {schema: {type: string}}', 'application/json: {schema: {type: object, properties: {answer: {type: string}}}}'), 'spec.llm.html-output')).toEqual([]);
  });
});

describe('spec.llm.dangerous-tool on agent tool endpoints', () => {
  const spec = api(`  /agent/run:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {prompt: {type: string, maxLength: 1000}}}
      responses: {'200': {description: ok}}
  /agent/tools/executeShell:
    post:
      responses: {'200': {description: ok}}
`, secured);
  it('flags a tool endpoint named like shell execution', () => {
    const found = run(spec, 'spec.llm.dangerous-tool');
    expect(found).toHaveLength(1);
    expect(found[0]!.endpoints).toEqual(['POST /agent/tools/executeShell']);
    expect(found[0]!.message).toBe('POST /agent/tools/executeShell exposes the tool `executeShell` to the agent: the model can be steered into calling it.');
  });
  it('is quiet for narrow tools', () => {
    expect(run(spec.replace('executeShell', 'getOrderStatus'), 'spec.llm.dangerous-tool')).toEqual([]);
  });
});
