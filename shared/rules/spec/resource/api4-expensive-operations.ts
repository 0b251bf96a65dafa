/**
 * API4: operations that cost more than an ordinary call (file uploads, batch and GraphQL
 * endpoints, calls that send SMS or e-mail or trigger verification) and deserve stricter
 * limits than the rest. A candidate list for the auditor; quiet when the operation documents a
 * 429 and its uploads have a size cap.
 */
import type { Operation, SchemaNode, SpecModel } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { formatOf, UPLOAD_FORMATS } from './constraints.js';
import { requestFields } from './operation-fields.js';
import { documents429 } from './api4-rate-limits.js';

const UPLOAD_MEDIA = /^(multipart\/form-data|application\/octet-stream|image\/|video\/|audio\/|application\/(pdf|zip|x-tar|gzip))/i;
const BATCH_PATH = /(?:^|\/)(batch|bulk|graphql|\$batch|batches)(?=\/|$)|[_-](batch|bulk)(?=\/|$)/i;
const PAID_PATH =
  /(?:^|\/)(sms|otp|send[_-]?(sms|otp|code|email|mail)|email|emails|mail|verify|verification|resend[_-]?\w*|notify|notifications?\/send|voice|calls?|fax)(?=\/|$)/i;

interface Cost {
  kind: string;
  /** Whether a documented limit makes the concern go away. */
  boundedBy429: boolean;
}

function isFileSchema(s: SchemaNode): boolean {
  const fmt = formatOf(s);
  return (fmt !== undefined && UPLOAD_FORMATS.has(fmt)) || s.node.type === 'file' || typeof s.node.contentMediaType === 'string';
}

const reachesFileMemo = new WeakMap<SpecModel, Set<SchemaNode>>();

/**
 * The schemas from which a file schema can be reached through properties, items and
 * allOf/anyOf/oneOf (more links than the field walk follows, so never too few). An operation whose
 * request schemas are all outside this set has no file field, and its (large) field list need not
 * be built: most operations of big descriptions.
 */
function schemasReachingFile(spec: SpecModel): Set<SchemaNode> {
  let reach = reachesFileMemo.get(spec);
  if (reach) return reach;
  const parents = new Map<SchemaNode, SchemaNode[]>();
  const link = (child: SchemaNode, parent: SchemaNode): void => {
    let list = parents.get(child);
    if (!list) parents.set(child, (list = []));
    list.push(parent);
  };
  const work: SchemaNode[] = [];
  for (const s of spec.schemas) {
    for (const p of s.properties) link(p.schema, s);
    if (s.items) link(s.items, s);
    for (const m of s.allOf) link(m, s);
    for (const m of s.anyOf) link(m, s);
    for (const m of s.oneOf) link(m, s);
    if (isFileSchema(s)) work.push(s);
  }
  reach = new Set(work);
  while (work.length) {
    for (const parent of parents.get(work.pop()!) ?? [])
      if (!reach.has(parent)) {
        reach.add(parent);
        work.push(parent);
      }
  }
  reachesFileMemo.set(spec, reach);
  return reach;
}

function mayHaveFileField(op: Operation, spec: SpecModel | undefined): boolean {
  if (!spec) return true;
  const reach = schemasReachingFile(spec);
  for (const p of op.parameters) if (p.schema && reach.has(p.schema)) return true;
  for (const c of op.requestBody?.content ?? []) if (c.schema && reach.has(c.schema)) return true;
  return false;
}

/** `spec`: the model the operation belongs to (lets operations without any file schema skip the field walk). */
export function costOf(op: Operation, spec?: SpecModel): Cost[] {
  const out: Cost[] = [];
  const uploads: string[] = [];
  for (const c of op.requestBody?.content ?? []) if (UPLOAD_MEDIA.test(c.mediaType)) uploads.push(c.mediaType);
  let uncappedFile = false;
  for (const f of mayHaveFileField(op, spec) ? requestFields(op) : []) {
    if (!isFileSchema(f.schema)) continue;
    uploads.push(f.name ? `file field "${f.name}"` : 'binary body');
    if (typeof f.schema.node.maxLength !== 'number') uncappedFile = true;
  }
  if (uploads.length) out.push({ kind: `file upload (${[...new Set(uploads)].join(', ')})${uncappedFile ? ' with no size cap' : ''}`, boundedBy429: !uncappedFile });
  const path = op.path.toLowerCase();
  const batch = BATCH_PATH.exec(path);
  if (batch && op.method !== 'get') out.push({ kind: batch[0].includes('graphql') ? 'GraphQL endpoint' : 'batch endpoint', boundedBy429: true });
  // POST only: PUT /users/{id}/email changes an address, POST /email sends one.
  const paid = PAID_PATH.exec(path);
  if (paid && op.method === 'post')
    out.push({ kind: `paid or abusable side effect (${paid[0].replace(/^\//, '')})`, boundedBy429: true });
  return out;
}

export const expensiveOperation = defineSpecRule({
  id: 'spec.api4.expensive-operation',
  title: 'Expensive operation that needs a stricter limit',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API4:2023', 'API6:2023'],
  equivalents: [],
  rationale:
    'Uploads, batch and GraphQL endpoints, and calls that send SMS, e-mail or verification codes cost far more than an ordinary request, sometimes in money paid to a third party per call (denial of wallet). OWASP asks for tighter limits on them than on the rest of the API.',
  remediation:
    'Give these operations their own, stricter rate limit and quota per client and per target (phone number, e-mail), cap upload sizes (maxLength on binary fields, gateway body-size limit) and batch sizes, and document the 429 response.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      const costs = costOf(op, ctx.spec);
      const has429 = documents429(op);
      const open = costs.filter((c) => !(has429 && c.boundedBy429));
      if (!open.length) continue;
      ctx.report(op.at, {
        message: `${op.endpoint} is a ${open.map((c) => c.kind).join(' and ')}${has429 ? '' : ', and documents no 429 response'}: give it a stricter limit than ordinary calls.`,
        endpoints: [op.endpoint],
      });
    }
  },
});
