/**
 * What feeds and surrounds the model: ingestion endpoints (LLM04 poisoning), vector stores and
 * embeddings (LLM08), and model management (LLM03 supply chain).
 */
import type { Operation } from '../../../model/spec.js';
import { normalizeName } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { findAiEndpoints } from './ai-endpoints.js';
import { formatOf, hasEnumOrConst, isArray, isNumeric, UPLOAD_FORMATS, variants } from './constraints.js';
import { describeField, requestFields, responseFields } from './operation-fields.js';

function sizeGaps(op: Operation): string[] {
  const gaps: string[] = [];
  let fileFields = 0;
  for (const f of requestFields(op)) {
    const fmt = formatOf(f.schema);
    const isFile = (fmt !== undefined && UPLOAD_FORMATS.has(fmt)) || f.schema.node.type === 'file' || typeof f.schema.node.contentMediaType === 'string';
    if (isFile) {
      fileFields++;
      if (typeof f.schema.node.maxLength !== 'number') gaps.push(`file field "${f.name || 'body'}" has no size cap`);
    } else if (
      f.depth === 1 &&
      !/(tags?|labels?|ids?|uuids?)$/i.test(f.name) &&
      variants(f.schema).some(isArray) &&
      !variants(f.schema).some((v) => typeof v.node.maxItems === 'number')
    )
      gaps.push(`array "${f.label}" has no maxItems`);
  }
  if (!fileFields && (op.requestBody?.content ?? []).some((c) => /^(multipart\/|application\/octet-stream)/i.test(c.mediaType)))
    gaps.push('the upload has no documented size cap');
  return gaps;
}

const VECTOR_WRITE = /(upsert|insert|add|import|upload|documents|vectors|files)(\/?)$/i;
const VECTOR_READ = /(query|search|fetch|retrieve|list)/i;

export const ingestionUnprotected = defineSpecRule({
  id: 'spec.llm.ingestion-unprotected',
  title: 'AI data ingestion without authentication or size limits',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['LLM04:2025', 'LLM08:2025', 'API4:2023'],
  equivalents: [],
  rationale:
    'Files, documents, feedback and vectors sent to an AI system become training, fine-tuning or retrieval data. Anyone who can write there unchecked can plant backdoors, bias or injected instructions that later reach every user (data and model poisoning), and unbounded uploads also exhaust storage.',
  remediation:
    'Require authentication (and an authorisation check per collection or dataset) on every ingestion endpoint, cap file sizes and batch sizes, validate content types, and review or sandbox ingested data before it is used for training or retrieval.',
  check(ctx) {
    for (const a of findAiEndpoints(ctx.spec)) {
      const op = a.operation;
      if (!a.kinds.includes('ingestion') && !(a.kinds.includes('vector') && VECTOR_WRITE.test(op.path) && !VECTOR_READ.test(op.path))) continue;
      if (op.method !== 'post' && op.method !== 'put' && op.method !== 'patch') continue;
      const problems: string[] = [];
      if (op.auth !== 'required') problems.push(op.auth === 'none' ? 'requires no credentials' : 'allows anonymous callers');
      problems.push(...sizeGaps(op));
      if (!problems.length) continue;
      ctx.report(op.at, {
        message: `${op.endpoint} feeds data into the AI system and ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`,
        endpoints: [op.endpoint],
        ...(op.auth !== 'required' ? { severity: 'high' as const } : {}),
      });
    }
  },
});

const VECTOR_NAMES = new Set(['embedding', 'embeddings', 'vector', 'vectors', 'densevector', 'sparsevector']);

export const rawEmbeddings = defineSpecRule({
  id: 'spec.llm.raw-embeddings',
  title: 'Raw embedding vectors returned',
  severity: 'low',
  confidence: 'likely',
  controls: ['LLM08:2025', 'LLM02:2025'],
  equivalents: [],
  rationale:
    'Embeddings can be inverted to recover much of the text they encode; returning raw vectors, especially stored ones from a shared index, discloses the underlying documents to whoever can call the endpoint.',
  remediation:
    'Return vectors only to callers who own the source text; for search endpoints return document references and scores instead of stored vectors, and scope every query to the caller\'s tenant.',
  check(ctx) {
    for (const a of findAiEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of responseFields(op)) {
        if (!VECTOR_NAMES.has(normalizeName(f.name))) continue;
        const vectorLike = variants(f.schema).some(
          (v) => (isArray(v) && v.items !== undefined && (isNumeric(v.items) || isArray(v.items))) || formatOf(v) === 'base64' || formatOf(v) === 'byte',
        );
        if (!vectorLike) continue;
        ctx.report(f.at, { message: `${op.endpoint} returns raw embedding vectors in \`${describeField(f)}\`.`, endpoints: [op.endpoint] });
      }
    }
  },
});

const NAMESPACE_NAMES = new Set([
  'namespace', 'namespaces', 'collection', 'collectionname', 'collectionid', 'index', 'indexname', 'tenant', 'tenantid', 'vectorstoreid',
  'vectorstoreids', 'corpus', 'corpusid', 'knowledgebase', 'knowledgebaseid', 'kbid', 'partition', 'datastore', 'datastoreid', 'orgid', 'organizationid',
]);

export const clientNamespace = defineSpecRule({
  id: 'spec.llm.client-namespace',
  title: 'Client chooses the vector namespace or tenant',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['LLM08:2025', 'API1:2023'],
  equivalents: [],
  rationale:
    'When the caller names the namespace, collection, index or tenant that retrieval reads (or ingestion writes), one tenant can query or poison another\'s documents unless the server checks ownership on every call: object-level authorization for vector stores.',
  remediation: 'Derive the namespace from the authenticated identity on the server, or check on every call that the caller owns the named collection; never trust a tenant id from the request.',
  check(ctx) {
    for (const a of findAiEndpoints(ctx.spec)) {
      const op = a.operation;
      for (const f of requestFields(op)) {
        if (f.depth > 2 || !NAMESPACE_NAMES.has(normalizeName(f.name)) || hasEnumOrConst(f.schema)) continue;
        if (variants(f.schema).some((v) => v.node.type === 'object')) continue;
        ctx.report(f.at, {
          message: `\`${describeField(f)}\` lets the caller of ${op.endpoint} choose which ${/tenant|org/i.test(f.name) ? 'tenant' : 'vector collection'} is ${a.kinds.includes('ingestion') ? 'written' : 'searched'}.`,
          endpoints: [op.endpoint],
        });
      }
    }
  },
});

/** Endpoints that change what is served: adapters, checkpoints, pulling or pushing models (Ollama-style). */
const MODEL_MANAGEMENT = /(?:^|\/)(adapters?|loras?|checkpoints|weights|pull|push)(?=\/|$)/i;

export const modelManagementUnauthenticated = defineSpecRule({
  id: 'spec.llm.model-endpoint-unauthenticated',
  title: 'Model listing or management without credentials',
  severity: 'medium',
  confidence: 'likely',
  controls: ['LLM03:2025', 'API2:2023', 'API5:2023'],
  equivalents: [],
  rationale:
    'Model listing reveals which models and versions serve the API (and which are vulnerable or unpinned); model management (loading adapters, pulling or deleting models, fine-tuning) without authentication lets anyone swap what the application runs: a supply-chain compromise through the API.',
  remediation: 'Require authentication on model listing, and administrator authorisation (separate from ordinary keys) on every endpoint that loads, pulls, replaces or deletes models or adapters.',
  check(ctx) {
    for (const a of findAiEndpoints(ctx.spec)) {
      const op = a.operation;
      if (op.auth === 'required') continue;
      // Management endpoints with credentials are the other engineer's access rules; without them, they describe or change the AI setup.
      if (!a.kinds.includes('models') && !a.kinds.includes('management') && !MODEL_MANAGEMENT.test(op.path)) continue;
      const write = op.method !== 'get' && op.method !== 'head' && op.method !== 'options';
      ctx.report(op.at, {
        message: write
          ? `${op.endpoint} changes which models or adapters the service runs and requires no credentials.`
          : `${op.endpoint} describes the served models or AI configuration to unauthenticated callers.`,
        endpoints: [op.endpoint],
        ...(write ? { severity: 'high' as const } : {}),
      });
    }
  },
});
