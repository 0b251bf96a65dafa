import { describe, expect, it } from 'vitest';
import { importOpenApi } from '../../../../../../shared/importers/openapi/index.js';
import { findAiEndpoints, inferenceEndpoints } from '../../../../../../shared/rules/spec/resource/ai-endpoints.js';

function detect(text: string) {
  const { model } = importOpenApi('api.yaml', { readText: (p) => (p === 'api.yaml' ? text : undefined) });
  return { model, ai: findAiEndpoints(model) };
}

const head = `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
`;

describe('findAiEndpoints', () => {
  it('detects OpenAI-style paths with their evidence and kinds', () => {
    const { ai } = detect(`${head}  /v1/chat/completions:
    post:
      responses: {'200': {description: ok}}
  /v1/embeddings:
    post:
      responses: {'200': {description: ok}}
  /v1/models:
    get:
      responses: {'200': {description: ok}}
`);
    expect(ai.map((a) => a.operation.endpoint)).toEqual(['POST /v1/chat/completions', 'POST /v1/embeddings', 'GET /v1/models']);
    expect(ai[0]!.evidence).toEqual(['path matches /chat/completions']);
    expect(ai[0]!.kinds).toEqual(['chat']);
    expect(ai[1]!.kinds).toEqual(['embedding']);
    expect(ai[2]!.kinds).toEqual(['models']);
  });

  it('detects endpoints by what the client sends (max_tokens, chat turns)', () => {
    const { ai } = detect(`${head}  /assist:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                messages:
                  type: array
                  items: {type: object, properties: {role: {type: string}, content: {type: string}}}
                max_tokens: {type: integer}
      responses: {'200': {description: ok}}
`);
    expect(ai).toHaveLength(1);
    expect(ai[0]!.evidence).toEqual(['request property "messages" (chat turns with role/content)', 'request property "max_tokens"']);
  });

  it('needs weak signals in combination: a messaging API, a thermostat and an OAuth prompt stay out', () => {
    const { ai } = detect(`${head}  /Accounts/{sid}/Messages:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {To: {type: string}, Body: {type: string}}}
      responses: {'201': {description: ok}}
  /thermostat:
    put:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {temperature: {type: number}, mode: {type: string}}}
      responses: {'200': {description: ok}}
  /oauth/authorize:
    get:
      parameters:
        - {name: prompt, in: query, schema: {type: string, enum: [login, consent]}}
      responses: {'302': {description: redirect}}
`);
    expect(ai).toEqual([]);
  });

  it('accepts a weak path with a weak property, and treats reads on AI paths as management, not inference', () => {
    const { model, ai } = detect(`${head}  /support/chat:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {model: {type: string}, text: {type: string}}}
      responses: {'200': {description: ok}}
  /api/ai/system-info:
    get:
      responses: {'200': {description: ok}}
`);
    expect(ai.map((a) => [a.operation.endpoint, a.kinds])).toEqual([
      ['POST /support/chat', ['chat']],
      ['GET /api/ai/system-info', ['management']],
    ]);
    expect(inferenceEndpoints(model).map((a) => a.operation.endpoint)).toEqual(['POST /support/chat']);
  });

  it('adds ingestion paths beside AI endpoints', () => {
    const { ai } = detect(`${head}  /rag/query:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {prompt: {type: string}}}
      responses: {'200': {description: ok}}
  /rag/documents:
    post:
      responses: {'201': {description: ok}}
  /billing/documents:
    post:
      responses: {'201': {description: ok}}
  /a:
    get: {responses: {'200': {description: ok}}}
  /b:
    get: {responses: {'200': {description: ok}}}
  /c:
    get: {responses: {'200': {description: ok}}}
  /d:
    get: {responses: {'200': {description: ok}}}
`);
    expect(ai.map((a) => [a.operation.endpoint, a.kinds])).toEqual([
      ['POST /rag/query', ['completion']],
      ['POST /rag/documents', ['ingestion']],
    ]);
  });
});
