/**
 * Finding AI endpoints offline (docs/controls.md §2): which operations put a model to work,
 * judged from their paths and from what the client sends, with the evidence for each. LLM rules
 * read only these operations, so a generic API stays untouched by them.
 *
 * Strong signals alone make an endpoint an AI endpoint (`/chat/completions`, `max_tokens`);
 * weak ones (`/chat`, `/messages`, `model`, `temperature`) only in combination, so a messaging
 * API or a thermostat does not turn into an LLM. In an API that has AI endpoints, ingestion
 * paths beside them (`/files`, `/documents`, `/feedback`) count too: that is where training
 * and retrieval data comes from.
 */
import type { Operation, SchemaNode, SpecModel } from '../../../model/spec.js';
import { normalizeName } from '../../dictionaries.js';
import { effectiveProperties } from '../schema-helpers.js';
import { isArray, variants } from './constraints.js';

/**
 * What an AI endpoint does. `management` is the control plane: an AI path that sends the model
 * nothing (agent and key administration, stored completions, AI configuration and system
 * information); it is inventoried, but the prompt and token rules do not apply to it.
 */
export type AiKind = 'chat' | 'completion' | 'embedding' | 'models' | 'ingestion' | 'vector' | 'agent' | 'moderation' | 'inference' | 'management';

export interface AiEndpoint {
  operation: Operation;
  /** Why the operation counts as an AI endpoint, e.g. `path matches /chat/completions`. */
  evidence: string[];
  kinds: AiKind[];
}

interface PathSignal {
  pattern: RegExp;
  label: string;
  kind: AiKind;
  strong: boolean;
}

const SEG_END = '(?=/|$)';
const seg = (body: string): RegExp => new RegExp(`(?:^|/)(?:${body})${SEG_END}`);

const PATH_SIGNALS: readonly PathSignal[] = [
  { pattern: /\/chat\/completions(?=\/|$)/, label: '/chat/completions', kind: 'chat', strong: true },
  { pattern: seg('completions'), label: '/completions', kind: 'completion', strong: true },
  { pattern: seg('embeddings?|embed'), label: '/embeddings', kind: 'embedding', strong: true },
  { pattern: /(?:^|\/)v\d+[a-z0-9]*\/models(?=\/|$)/, label: '/v1/models', kind: 'models', strong: true },
  { pattern: seg('ai|genai|gen-ai|openai|ai-[a-z0-9-_]+|ai_[a-z0-9_]+'), label: '/ai/', kind: 'management', strong: true },
  { pattern: seg('[a-z0-9_-]*llms?[a-z0-9_-]*'), label: '/llm', kind: 'management', strong: true },
  { pattern: seg('prompts?'), label: '/prompt', kind: 'completion', strong: true },
  { pattern: seg('fine[_-]?tun(?:ing|es?)|fine[_-]?tuning[_-]jobs|finetun[a-z_-]*'), label: '/fine_tuning', kind: 'ingestion', strong: true },
  { pattern: seg('assistants'), label: '/assistants', kind: 'management', strong: true },
  { pattern: seg('moderations|rerank'), label: '/moderations', kind: 'moderation', strong: true },
  { pattern: seg('vector[_-]?stores?|vectors|vector[_-]?search|vectordb'), label: '/vectors', kind: 'vector', strong: true },
  { pattern: seg('chat'), label: '/chat', kind: 'chat', strong: false },
  { pattern: seg('messages'), label: '/messages', kind: 'chat', strong: false },
  { pattern: seg('responses'), label: '/responses', kind: 'completion', strong: false },
  { pattern: seg('generate|generations?'), label: '/generate', kind: 'completion', strong: false },
  { pattern: seg('models'), label: '/models', kind: 'models', strong: false },
  { pattern: seg('ask|inference|infer|predict|copilot|summari[sz]e|translate|classify|transcribe|rewrite|answer|explain|completion'), label: '/ask', kind: 'inference', strong: false },
  { pattern: seg('agents?|assistant'), label: '/agent', kind: 'management', strong: false },
];

/** Request property names (normalized) that only model calls use. */
const STRONG_PROPERTIES: Record<string, AiKind> = {
  maxtokens: 'completion',
  maxcompletiontokens: 'completion',
  maxoutputtokens: 'completion',
  maxnewtokens: 'completion',
  maxtokenstosample: 'completion',
  topp: 'completion',
  frequencypenalty: 'completion',
  presencepenalty: 'completion',
  logitbias: 'completion',
  toolchoice: 'agent',
  stopsequences: 'completion',
  systemprompt: 'chat',
  prompt: 'completion',
};

/** Request property names that hint at a model call, counted only in combination. */
const WEAK_PROPERTIES: Record<string, AiKind> = {
  model: 'inference',
  temperature: 'inference',
  tools: 'agent',
  functions: 'agent',
  stream: 'inference',
  stop: 'completion',
  system: 'chat',
  input: 'inference',
  topk: 'inference',
  responseformat: 'inference',
  messages: 'chat',
};

/** Weak properties that carry the combination (a bare `input` + `stream` is not enough). */
const ANCHOR_PROPERTIES = new Set(['model', 'temperature', 'tools', 'functions', 'system', 'topk', 'messages']);

/** Top-level request fields that carry what a person asks a model (`/api/llm` with `message` is a model call). */
const PROMPT_FIELDS = new Set(['prompt', 'message', 'messages', 'query', 'question', 'text', 'input', 'content', 'chat', 'userinput', 'usermessage']);

const INGESTION_PATH = seg('files|uploads|documents|datasets|feedback|knowledge|knowledge[_-]?bases?|upsert|batches|training[_-]?data|corpora|corpus');

/** The properties a client sends at the top of the body (allOf merged, anyOf/oneOf members too). */
function topLevelRequestProperties(op: Operation): { name: string; schema?: SchemaNode }[] {
  const out: { name: string; schema?: SchemaNode }[] = [];
  for (const c of op.requestBody?.content ?? []) {
    if (!c.schema) continue;
    for (const v of variants(c.schema, 2)) for (const p of effectiveProperties(v)) out.push({ name: p.name, schema: p.schema });
  }
  // Form fields are the body in Swagger 2; of the query string only `prompt` counts (`stop` there is a date).
  for (const p of op.parameters)
    if (p.in === 'formData' || (p.in === 'query' && normalizeName(p.name) === 'prompt'))
      out.push(p.schema ? { name: p.name, schema: p.schema } : { name: p.name });
  return out;
}

/** `messages` counts as strong when its items look like chat turns (role/content). */
function isChatMessages(schema: SchemaNode | undefined): boolean {
  if (!schema || !isArray(schema) || !schema.items) return false;
  return variants(schema.items, 3).some((v) => effectiveProperties(v).some((p) => p.name === 'role' || p.name === 'content'));
}

function firstMeaningfulSegment(path: string): string | undefined {
  return path
    .toLowerCase()
    .split('/')
    .filter(Boolean)
    .find((s) => !/^(api|v\d+[a-z0-9]*|\{[^}]*\}|rest|public)$/.test(s));
}

const cache = new WeakMap<SpecModel, AiEndpoint[]>();

export function findAiEndpoints(spec: SpecModel): AiEndpoint[] {
  const known = cache.get(spec);
  if (known) return known;
  const found: AiEndpoint[] = [];
  for (const op of spec.operations) {
    const path = op.path.toLowerCase();
    const evidence: string[] = [];
    const kinds = new Set<AiKind>();
    let strong = 0;
    let weakPath = 0;
    const weakProps = new Set<string>();
    const matched: string[] = [];
    for (const s of PATH_SIGNALS) {
      if (!s.pattern.test(path)) continue;
      // `/chat/completions` already says chat and completions: do not count its parts again.
      if (matched.some((m) => m.startsWith(`${s.label}/`) || m.endsWith(s.label))) continue;
      matched.push(s.label);
      evidence.push(`path matches ${s.label}`);
      kinds.add(s.kind);
      if (s.strong) strong++;
      else weakPath++;
    }
    const strongFromPath = strong;
    const seen = new Set<string>();
    for (const { name, schema } of topLevelRequestProperties(op)) {
      const n = normalizeName(name);
      if (seen.has(n)) continue;
      seen.add(n);
      const strongKind = STRONG_PROPERTIES[n];
      const isQueryPrompt = n === 'prompt' && op.parameters.some((p) => p.name === name && p.in === 'query');
      if (strongKind && !isQueryPrompt) {
        strong++;
        kinds.add(strongKind);
        evidence.push(`request property "${name}"`);
        continue;
      }
      if (n === 'messages' && isChatMessages(schema)) {
        strong++;
        kinds.add('chat');
        evidence.push(`request property "${name}" (chat turns with role/content)`);
        continue;
      }
      const weakKind = WEAK_PROPERTIES[n] ?? (isQueryPrompt ? 'completion' : undefined);
      if (weakKind) {
        weakProps.add(n);
        kinds.add(weakKind);
        evidence.push(`request property "${name}"`);
      }
    }
    const anchored = [...weakProps].some((p) => ANCHOR_PROPERTIES.has(p));
    const isAi = strong > 0 || (weakPath > 0 && weakProps.size > 0) || (weakProps.size >= 2 && anchored);
    if (!isAi) continue;
    const writes = op.method === 'post' || op.method === 'put' || op.method === 'patch';
    if (writes && [...seen].some((n) => PROMPT_FIELDS.has(n)) && ![...kinds].some((k) => k !== 'management')) kinds.add('inference');
    if ([...kinds].some((k) => k !== 'management')) kinds.delete('management');
    if (kinds.has('embedding') || kinds.has('chat') || kinds.has('completion')) kinds.delete('inference');
    const sendsNothing = strong === strongFromPath && weakProps.size === 0;
    // `/ai/feedback`, `/llm/documents`: an ingestion path under an AI prefix feeds data, it does not prompt.
    if (INGESTION_PATH.test(path)) {
      kinds.add('ingestion');
      if (sendsNothing) for (const k of ['inference', 'chat', 'completion'] as const) kinds.delete(k);
    }
    if (sendsNothing && !op.requestBody && ['get', 'head', 'delete', 'options'].includes(op.method)) {
      const kept = [...kinds].filter((k) => k === 'models' || k === 'ingestion' || k === 'vector');
      found.push({ operation: op, evidence, kinds: kept.length ? kept : ['management'] });
      continue;
    }
    found.push({ operation: op, evidence, kinds: [...kinds] });
  }

  // Ingestion beside AI endpoints: same first path segment, or an API that is mostly about AI.
  if (found.length) {
    const aiSegments = new Set(found.map((a) => firstMeaningfulSegment(a.operation.path)));
    const aiCentric = found.length * 4 >= spec.operations.length;
    const isAi = new Set(found.map((a) => a.operation));
    for (const op of spec.operations) {
      if (isAi.has(op) || !INGESTION_PATH.test(op.path.toLowerCase())) continue;
      if (!aiCentric && !aiSegments.has(firstMeaningfulSegment(op.path))) continue;
      found.push({ operation: op, evidence: ['ingestion path in an API with AI endpoints'], kinds: ['ingestion'] });
    }
    found.sort((a, b) => spec.operations.indexOf(a.operation) - spec.operations.indexOf(b.operation));
  }
  cache.set(spec, found);
  return found;
}

/** AI endpoints indexed by operation. */
export function aiEndpointOf(spec: SpecModel): Map<Operation, AiEndpoint> {
  return new Map(findAiEndpoints(spec).map((a) => [a.operation, a]));
}

/** AI endpoints that run a model on client input (not model listings, management or pure ingestion). */
export function inferenceEndpoints(spec: SpecModel): AiEndpoint[] {
  return findAiEndpoints(spec).filter((a) => a.kinds.some((k) => k !== 'models' && k !== 'ingestion' && k !== 'management'));
}

/** `POST /v1/chat/completions (path /chat/completions; sends messages, max_tokens)`. */
export function describeAiEndpoint(a: AiEndpoint): string {
  const paths: string[] = [];
  const props: string[] = [];
  const other: string[] = [];
  for (const e of a.evidence) {
    const path = /^path matches (.*)$/.exec(e);
    const prop = /^request property "([^"]*)"/.exec(e);
    if (path) paths.push(path[1]!);
    else if (prop) props.push(prop[1]!);
    else other.push(e);
  }
  const parts: string[] = [];
  if (paths.length) parts.push(`path ${paths.join(', ')}`);
  if (props.length) parts.push(`sends ${props.slice(0, 5).join(', ')}${props.length > 5 ? '...' : ''}`);
  parts.push(...other);
  return `${a.operation.endpoint} (${parts.join('; ')})`;
}
