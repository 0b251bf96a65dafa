/**
 * API7 (SSRF): inputs that carry a URL the server may fetch or redirect to (`callback_url`,
 * `image_url`, `webhook`, `format: uri`) with no allowlist in the contract, and OAS callbacks /
 * 3.1 webhooks whose target the client chooses.
 */
import { childRef, sourceKey, type SourceRef } from '../../../model/source.js';
import type { JsonObject, Operation, SchemaNode, SpecModel } from '../../../model/spec.js';
import { normalizeName, URL_INPUT_NAME } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { effectiveProperties } from '../schema-helpers.js';
import { formatOf, hasEnumOrConst, hasPattern, isString, variants } from './constraints.js';
import { requestFields } from './operation-fields.js';
import { fieldName, requestOwners } from './request-owners.js';
import { count, listEndpoints, listNames } from './wording.js';

/** Names of URLs a browser is sent to rather than fetched by the server. */
const REDIRECT_TARGET = /^(redirect|return|success|cancel|refresh|failure|next|continue)/i;

const URL_FORMATS = new Set(['uri', 'uri-reference', 'iri', 'iri-reference', 'url', 'uri-template']);

/**
 * URL_INPUT_NAME (docs/controls.md §1.11) with its prefix forms narrowed: `callback`, `redirect`,
 * `next`, `webhook` alone or followed by a URL-ish word, so `nextPageToken` or `callbackId` stay out.
 */
export function isUrlInputName(name: string): boolean {
  if (!URL_INPUT_NAME.test(name)) return false;
  const n = normalizeName(name);
  if (/(url|uri|urls|uris)$/.test(n)) return true;
  return /^(callback|redirect|redirectto|returnto|next|webhook|url|uri|imageurl|feed|endpoint|host)(url|uri|target|address|endpoint|to|location)?$/.test(n);
}

/** A URL value with no allowlist: a string (or untyped) without pattern, enum or const. */
export function isUnrestrictedUrl(s: SchemaNode): boolean {
  const vs = variants(s);
  if (vs.some((v) => hasPattern(v) || hasEnumOrConst(v))) return false;
  const typed = vs.some((v) => v.node.type !== undefined);
  return !typed || vs.some(isString);
}

function isUrlFormat(s: SchemaNode): boolean {
  return variants(s).some((v) => {
    const f = formatOf(v);
    return f !== undefined && URL_FORMATS.has(f);
  });
}

export const urlInput = defineSpecRule({
  id: 'spec.api7.url-input',
  title: 'URL input without an allowlist',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API7:2023', 'API10:2023'],
  equivalents: ['owasp:api7:2023-concerning-url-parameter'],
  rationale:
    'When the client supplies a URL that the server fetches (previews, imports, webhooks, avatars) or redirects to, an attacker can point it at cloud metadata (169.254.169.254), internal services or other schemes (file:, gopher:). Nothing in the contract restricts where these URLs may point.',
  remediation:
    'Restrict the value to an allowlist (enum of hosts, or a pattern anchored on https:// and the permitted hosts), resolve and check the target server-side against internal ranges, disable redirects, and run the fetcher in an isolated network.',
  check(ctx) {
    // The same URL field copied inline into several operations (`business_profile.url` in three
    // account bodies) is reported once, at its first copy.
    const groups = new Map<string, { at: SourceRef; message: (endpoints: string[]) => string; endpoints: string[]; places: SourceRef[] }>();
    for (const owner of requestOwners(ctx.spec)) {
      const inline = /^\/paths\//.test(owner.at.pointer) && owner.schema.componentName === undefined;
      for (const f of owner.fields) {
        const byName = f.name !== undefined && isUrlInputName(f.name);
        const byFormat = isUrlFormat(f.schema);
        if (!(byName || byFormat) || !isUnrestrictedUrl(f.schema)) continue;
        if (f.label !== '' && f.schema.node.type === 'object') continue;
        const name = fieldName(owner, f);
        const isParam = f.label === '' && owner.parameter !== undefined;
        const key = inline ? `${isParam ? `param ${owner.parameter!.in}` : 'field'}\n${name}` : sourceKey(f.at);
        const group = groups.get(key);
        if (group) {
          group.endpoints.push(...owner.endpoints);
          group.places.push(f.at);
          continue;
        }
        const why = byFormat ? `format ${formatOf(f.schema) ?? 'uri'}` : 'its name';
        const where = isParam ? `Parameter "${owner.parameter!.name}" (${owner.parameter!.in})` : `Request field "${name}"`;
        const navigation = f.name !== undefined && REDIRECT_TARGET.test(f.name);
        const risk = navigation
          ? 'so clients can be sent to arbitrary sites (open redirect), and any server-side fetch of it reaches arbitrary hosts'
          : 'so the server may be made to reach internal or arbitrary hosts';
        groups.set(key, {
          at: f.at,
          endpoints: [...owner.endpoints],
          places: [f.at],
          message: (endpoints) =>
            `${where}${isParam ? '' : ` in ${endpoints.length > owner.endpoints.length ? `the request bodies of ${count(new Set(endpoints).size, 'operation')}` : owner.title}`} takes a URL (by ${why}) with no pattern or enum restricting it, ${risk} (${listEndpoints(endpoints, 3)}).`,
        });
      }
    }
    for (const g of groups.values()) {
      const endpoints = [...new Set(g.endpoints)].sort();
      ctx.report(g.at, { message: g.message(endpoints), endpoints, related: g.places.slice(1, 21) });
    }
  },
});

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Follows a local `#/...` reference in the root document (callbacks are not modelled beyond their names). */
function localTarget(spec: SpecModel, value: unknown, at: SourceRef): { value: unknown; at: SourceRef } {
  let cur = value;
  let curAt = at;
  for (let i = 0; i < 8 && cur !== null && typeof cur === 'object' && typeof (cur as JsonObject).$ref === 'string'; i++) {
    const ref = (cur as JsonObject).$ref as string;
    if (!ref.startsWith('#/')) break;
    const segs = ref.slice(2).split('/').map((s) => safeDecode(s).replace(/~1/g, '/').replace(/~0/g, '~'));
    let v: unknown = spec.root;
    for (const s of segs) v = v !== null && typeof v === 'object' ? (v as JsonObject)[s] : undefined;
    cur = v;
    curAt = { file: spec.file, pointer: ref.slice(1) };
  }
  return { value: cur, at: curAt };
}

/** The request field a runtime expression like `{$request.body#/callbackUrl}` reads, if it can be found. */
function expressionTarget(op: Operation, expression: string): SchemaNode | undefined {
  const body = /\$request\.body#\/([^}]*)/.exec(expression);
  if (body) {
    const segs = body[1]!.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    for (const c of op.requestBody?.content ?? []) {
      let s: SchemaNode | undefined = c.schema;
      for (const seg of segs) s = s ? variants(s).flatMap((v) => effectiveProperties(v)).find((p) => p.name === seg)?.schema : undefined;
      if (s) return s;
    }
    return undefined;
  }
  const param = /\$request\.(query|header|path)\.([A-Za-z0-9_.-]+)/.exec(expression);
  if (param) return op.parameters.find((p) => p.in === param[1] && p.name === param[2])?.schema;
  return undefined;
}

const WEBHOOK_REGISTRATION = /webhook|subscription|subscribe|hook|callback|notification/i;

export const callbackTarget = defineSpecRule({
  id: 'spec.api7.callback-target',
  title: 'Callbacks or webhooks sent to client-chosen addresses',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API7:2023'],
  equivalents: [],
  rationale:
    'Callbacks and webhooks make the server call an address that a client registered. Unless the target is validated (scheme, host, resolved address) the webhook sender becomes an SSRF primitive that reaches internal services from inside the network.',
  remediation:
    'Validate registered targets: https only, no private, loopback or link-local addresses after DNS resolution (also on every delivery), no redirects; document the allowed pattern on the registration field.',
  check(ctx) {
    const spec = ctx.spec;
    for (const op of spec.operations) {
      const callbacks = op.node.callbacks;
      if (callbacks === null || typeof callbacks !== 'object') continue;
      for (const name of op.callbacks) {
        const cbAt = childRef(op.at, 'callbacks', name);
        const cb = localTarget(spec, (callbacks as JsonObject)[name], cbAt);
        if (cb.value === null || typeof cb.value !== 'object') continue;
        const open = Object.keys(cb.value as JsonObject).filter((expr) => {
          if (!expr.includes('$request.')) return false;
          const target = expressionTarget(op, expr);
          return !target || isUnrestrictedUrl(target);
        });
        if (!open.length) continue;
        ctx.report(cbAt, {
          message: `Callback "${name}" of ${op.endpoint} is sent to ${listNames(open)}, an address taken from the client's request with no allowlist.`,
          endpoints: [op.endpoint],
        });
      }
    }
    if (spec.webhooks.length) {
      const registrations = spec.operations.filter(
        (op) => op.method !== 'get' && op.method !== 'delete' && WEBHOOK_REGISTRATION.test(`${op.path} ${op.operationId ?? ''}`),
      );
      const openFields: string[] = [];
      let anyUrlField = false;
      for (const op of registrations)
        for (const f of requestFields(op)) {
          if (!f.name || !(isUrlInputName(f.name) || isUrlFormat(f.schema))) continue;
          anyUrlField = true;
          if (isUnrestrictedUrl(f.schema)) openFields.push(`${f.label} of ${op.endpoint}`);
        }
      if (anyUrlField && !openFields.length) return;
      const how = openFields.length
        ? `targets are registered through ${openFields.slice(0, 4).join(', ')}${openFields.length > 4 ? ' and others' : ''}, with no pattern or enum restricting them`
        : 'no operation in the description shows how targets are registered or restricted';
      ctx.report(
        { file: spec.file, pointer: '/webhooks' },
        {
          message: `The API sends webhooks ${listNames(spec.webhooks)} to subscriber addresses; ${how}.`,
          endpoints: [...new Set(registrations.map((o) => o.endpoint))],
          severity: openFields.length ? 'medium' : 'low',
        },
      );
    }
  },
});
