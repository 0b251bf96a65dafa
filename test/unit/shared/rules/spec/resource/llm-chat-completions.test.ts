/**
 * A realistic OpenAI-style gateway description with the usual LLM01/LLM10 problems, and the
 * same API hardened. Every LLM rule gets its positive here; the hardened version must raise none.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../../../shared/model/finding.js';
import { audit, lineOf } from './resource-test-kit.js';

const OPEN = `openapi: 3.0.3
info: {title: Chat gateway, version: 1.4.0}
servers:
  - url: https://llm.example.com
    description: Production
    x-internal: false
paths:
  /v1/chat/completions:
    post:
      operationId: createChatCompletion
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CreateChatCompletionRequest'}
      responses:
        '200':
          description: completion
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ChatCompletion'}
  /v1/embeddings:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                model: {type: string, maxLength: 64}
                input: {type: string}
      responses:
        '200':
          description: vectors
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items:
                      type: object
                      properties:
                        embedding: {type: array, items: {type: number}}
  /v1/models:
    get:
      responses: {'200': {description: models}}
  /v1/files:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                purpose: {type: string, enum: [fine-tune, assistants]}
      responses: {'200': {description: stored}}
  /v1/vector_stores/search:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                namespace: {type: string, maxLength: 64}
                query: {type: string, maxLength: 500}
      responses: {'200': {description: hits}}
  /v1/render:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                prompt: {type: string, maxLength: 2000}
      responses:
        '200':
          description: rendered answer
          content:
            text/html: {schema: {type: string}}
  /v1/ai/config:
    get:
      responses:
        '200':
          description: configuration
          content:
            application/json:
              schema:
                type: object
                properties:
                  model: {type: string}
                  system_prompt: {type: string}
components:
  schemas:
    CreateChatCompletionRequest:
      type: object
      required: [model, messages]
      properties:
        model: {type: string, maxLength: 64}
        messages:
          type: array
          items: {$ref: '#/components/schemas/ChatMessage'}
        max_tokens: {type: integer, nullable: true}
        n: {type: integer, default: 1}
        temperature: {type: number, minimum: 0, maximum: 2}
        logprobs: {type: boolean}
        top_logprobs: {type: integer, minimum: 0, maximum: 20}
        logit_bias: {type: object, additionalProperties: {type: integer}}
        document_url: {type: string, format: uri}
        user: {type: string, description: The end user's e-mail address, maxLength: 256}
        tools:
          type: array
          maxItems: 8
          items:
            type: object
            properties:
              type: {type: string, enum: [function]}
              function:
                type: object
                properties:
                  name: {type: string, enum: [get_weather, run_shell, send_email]}
    ChatMessage:
      type: object
      required: [role, content]
      properties:
        role: {type: string, enum: [system, developer, user, assistant, tool]}
        content: {type: string}
        name: {type: string, maxLength: 64}
    ChatCompletion:
      type: object
      properties:
        id: {type: string}
        choices:
          type: array
          items:
            type: object
            properties:
              message: {$ref: '#/components/schemas/ChatMessage'}
              logprobs: {type: object, nullable: true}
        usage:
          type: object
          properties:
            total_tokens: {type: integer}
`;

const HARDENED = `openapi: 3.0.3
info: {title: Chat gateway, version: 2.0.0}
servers:
  - url: https://llm.example.com
    description: Production
    x-internal: false
security: [{bearer: []}]
paths:
  /v1/chat/completions:
    post:
      operationId: createChatCompletion
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CreateChatCompletionRequest'}
      responses:
        '200':
          description: completion
          headers:
            X-RateLimit-Remaining-Tokens: {schema: {type: integer}}
            Access-Control-Allow-Origin: {schema: {type: string}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ChatCompletion'}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '429': {$ref: '#/components/responses/TooManyRequests'}
        '500': {$ref: '#/components/responses/Problem'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  responses:
    Problem:
      description: error
      content:
        application/problem+json:
          schema:
            type: object
            properties:
              title: {type: string}
              correlationId: {type: string, format: uuid}
    TooManyRequests:
      description: slow down
      headers:
        Retry-After: {schema: {type: integer, minimum: 1, maximum: 3600}}
  schemas:
    CreateChatCompletionRequest:
      type: object
      additionalProperties: false
      required: [messages]
      properties:
        model: {type: string, enum: [gpt-4o-2024-08-06]}
        messages:
          type: array
          minItems: 1
          maxItems: 20
          items: {$ref: '#/components/schemas/ChatMessage'}
        max_tokens: {type: integer, format: int32, minimum: 1, maximum: 1024}
        temperature: {type: number, minimum: 0, maximum: 1}
        user: {type: string, description: Salted hash of the account id (pseudonymous), pattern: '^[a-f0-9]{64}$'}
        tools:
          type: array
          maxItems: 2
          items:
            type: object
            properties:
              type: {type: string, enum: [function]}
              function:
                type: object
                properties:
                  name: {type: string, enum: [get_weather, lookup_order_status]}
    ChatMessage:
      type: object
      additionalProperties: false
      required: [role, content]
      properties:
        role: {type: string, enum: [user, assistant]}
        content: {type: string, maxLength: 8000, pattern: '^[^\\\\u0000]*$'}
    ChatCompletion:
      type: object
      properties:
        id: {type: string}
        choices:
          type: array
          items:
            type: object
            properties:
              message: {$ref: '#/components/schemas/ChatMessage'}
`;

const of = (all: Finding[], id: string): Finding[] => all.filter((f) => f.ruleId === id);
const CHAT = 'POST /v1/chat/completions';

describe('OpenAI-style chat completions gateway', () => {
  const all = audit(OPEN);

  it('inventories the AI endpoints with their evidence', () => {
    const [inv] = of(all, 'spec.llm.ai-endpoint-inventory');
    expect(inv!.severity).toBe('info');
    expect(inv!.controls).toEqual(expect.arrayContaining(['LLM10:2025', 'GDPR-30']));
    expect(inv!.endpoints).toEqual([
      'GET /v1/ai/config',
      'GET /v1/models',
      'POST /v1/chat/completions',
      'POST /v1/embeddings',
      'POST /v1/files',
      'POST /v1/render',
      'POST /v1/vector_stores/search',
    ]);
    expect(inv!.message).toBe(
      'The description has 7 AI endpoints: 4 model calls (POST /v1/chat/completions (path /chat/completions; sends model, messages, max_tokens, temperature, logit_bias...); ' +
        'POST /v1/embeddings (path /embeddings; sends model, input); POST /v1/vector_stores/search (path /vectors); POST /v1/render (sends prompt)); ' +
        '1 ingestion endpoint; 1 model listing; 1 management endpoint (AI configuration, agents, keys: GET /v1/ai/config).',
    );
    expect(inv!.locations[0]!.line).toBe(lineOf(OPEN, 'paths:'));
  });

  it('LLM01: clients may send system/developer messages, at the shared role property', () => {
    const found = of(all, 'spec.llm.client-system-role');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(OPEN, '        role: {type: string, enum: [system'));
    expect(found[0]!.endpoints).toEqual([CHAT]);
    expect(found[0]!.message).toBe(
      '`ChatMessage.role` lets clients of POST /v1/chat/completions send messages with role `system` and `developer`: the caller writes the system instructions.',
    );
    expect(found[0]!.severity).toBe('high');
  });

  it('LLM01: prompt text without maxLength', () => {
    const found = of(all, 'spec.llm.prompt-unbounded');
    expect(found.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        'Prompt text `ChatMessage.content` sent to the model by POST /v1/chat/completions has no maxLength.',
        'Prompt text `input` sent to the model by POST /v1/embeddings has no maxLength.',
      ]),
    );
    const content = found.find((f) => f.message.includes('ChatMessage.content'))!;
    expect(content.locations[0]!.line).toBe(lineOf(OPEN, '        content: {type: string}'));
  });

  it('LLM01: document URLs pull outside content into the context', () => {
    const found = of(all, 'spec.llm.indirect-injection-input');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(OPEN, 'document_url:'));
    expect(found[0]!.message).toContain('`CreateChatCompletionRequest.document_url` brings a URL the server or model fetches into the context of POST /v1/chat/completions');
  });

  it('LLM10: max_tokens, n, messages and log probabilities are unbounded', () => {
    const max = of(all, 'spec.llm.max-tokens-unbounded');
    expect(max).toHaveLength(1);
    expect(max[0]!.message).toBe(
      '`CreateChatCompletionRequest.max_tokens` (optional) has no maximum, so a client of POST /v1/chat/completions decides how many output tokens each call may burn.',
    );
    expect(max[0]!.locations[0]!.line).toBe(lineOf(OPEN, 'max_tokens:'));
    expect(max[0]!.severity).toBe('high');
    expect(of(all, 'spec.llm.sample-count-unbounded')[0]!.locations[0]!.line).toBe(lineOf(OPEN, '        n: {type: integer'));
    const messages = of(all, 'spec.llm.messages-unbounded');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain('`CreateChatCompletionRequest.messages` is an array with no maxItems');
    const logprobs = of(all, 'spec.llm.logprobs-exposed').map((f) => f.locations[0]!.line).sort((a, b) => a - b);
    expect(logprobs).toEqual([
      lineOf(OPEN, '        logprobs: {type: boolean}'),
      lineOf(OPEN, '        top_logprobs:'),
      lineOf(OPEN, '        logit_bias:'),
      lineOf(OPEN, '              logprobs: {type: object'),
    ]);
  });

  it('LLM10: no 429 and no authentication on the model endpoints (denial of wallet)', () => {
    const rate = of(all, 'spec.llm.no-rate-limit');
    expect(rate.map((f) => f.endpoints[0]).sort()).toEqual([CHAT, 'POST /v1/embeddings', 'POST /v1/render', 'POST /v1/vector_stores/search']);
    expect(rate.every((f) => f.severity === 'high')).toBe(true);
    const open = of(all, 'spec.llm.unauthenticated');
    const chat = open.find((f) => f.endpoints[0] === CHAT)!;
    expect(chat.message).toBe("AI endpoint POST /v1/chat/completions requires no credentials: anyone can run the model at the operator's cost.");
    expect(chat.locations[0]!.line).toBe(lineOf(OPEN, '    post:'));
    // the generic 429 rule aggregates and does not repeat the AI endpoints one by one
    expect(of(all, 'spec.api4.rate-limit-429')).toHaveLength(1);
  });

  it('LLM06: dangerous tool names in the tool definitions', () => {
    const found = of(all, 'spec.llm.dangerous-tool');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(OPEN, '                  name: {type: string, enum: [get_weather'));
    expect(found[0]!.message).toContain('names tools `run_shell` and `send_email`');
  });

  it('LLM02: the user field carries e-mail addresses to the provider', () => {
    const found = of(all, 'spec.llm.user-email-to-provider');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(OPEN, '        user: {type: string'));
    expect(found[0]!.controls).toContain('GDPR-44');
  });

  it('LLM07: a response hands out the system prompt', () => {
    const found = of(all, 'spec.llm.system-prompt-exposed');
    expect(found).toHaveLength(1);
    expect(found[0]!.locations[0]!.line).toBe(lineOf(OPEN, 'system_prompt:'));
    expect(found[0]!.message).toContain('GET /v1/ai/config returns `system_prompt`');
    expect(found[0]!.message).toContain('to unauthenticated callers');
  });

  it('LLM04, LLM08, LLM03, LLM05 and LLM09', () => {
    const ingestion = of(all, 'spec.llm.ingestion-unprotected');
    expect(ingestion).toHaveLength(1);
    expect(ingestion[0]!.message).toBe(
      'POST /v1/files feeds data into the AI system and requires no credentials; file field "file" has no size cap.',
    );
    expect(ingestion[0]!.severity).toBe('high');
    const vectors = of(all, 'spec.llm.raw-embeddings');
    expect(vectors[0]!.locations[0]!.line).toBe(lineOf(OPEN, 'embedding: {type: array'));
    const ns = of(all, 'spec.llm.client-namespace');
    expect(ns[0]!.message).toBe('`namespace` lets the caller of POST /v1/vector_stores/search choose which vector collection is searched.');
    const models = of(all, 'spec.llm.model-endpoint-unauthenticated');
    expect(models.map((f) => f.endpoints[0]).sort()).toEqual(['GET /v1/ai/config', 'GET /v1/models']);
    const html = of(all, 'spec.llm.html-output');
    expect(html).toHaveLength(1);
    expect(html[0]!.locations[0]!.line).toBe(lineOf(OPEN, 'text/html:'));
    expect(of(all, 'spec.llm.misinformation-review')[0]!.controls).toEqual(['LLM09:2025']);
  });

  it('the hardened gateway raises no LLM problem and nothing above low', () => {
    const hardened = audit(HARDENED);
    const llm = hardened.filter((f) => f.ruleId.startsWith('spec.llm.')).map((f) => f.ruleId);
    expect(llm.sort()).toEqual(['spec.llm.ai-endpoint-inventory', 'spec.llm.misinformation-review']);
    expect(hardened.filter((f) => f.severity !== 'low' && f.severity !== 'info')).toEqual([]);
  });
});
