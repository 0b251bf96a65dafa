/**
 * API4: page and batch size inputs without a maximum. OWASP names these specifically: a
 * `limit=1000000` turns one cheap request into a full table scan and a huge response.
 */
import { sourceKey, type SourceRef } from '../../../model/source.js';
import type { Parameter } from '../../../model/spec.js';
import { normalizeName } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { anyVariantHasUpperBound, isNumeric } from './constraints.js';
import { requestOwners } from './request-owners.js';
import { count, listEndpoints } from './wording.js';

/** Normalized names of page/result-size inputs (`$top`, `page[size]`, `per_page`, `maxResults`...). */
const PAGE_SIZE_NAMES = new Set([
  'limit', 'size', 'pagesize', 'perpage', 'count', 'top', 'max', 'maxresults', 'maxitems', 'pagelimit', 'maxpagesize', 'resultsperpage',
  'rows', 'take', 'batchsize',
]);

/** Body properties only under unambiguous names: `size` or `limit` in a body is often a size or a spending limit. */
const BODY_PAGE_SIZE_NAMES = new Set(['pagesize', 'perpage', 'maxresults', 'pagelimit', 'maxpagesize', 'batchsize', 'resultsperpage']);

export function pageSizeName(name: string): string {
  return normalizeName(name).replace(/[$[\]]/g, '');
}

export const paginationUnbounded = defineSpecRule({
  id: 'spec.api4.pagination-unbounded',
  title: 'Page size or limit input without a maximum',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API4:2023'],
  equivalents: [],
  rationale:
    'A page-size or limit parameter with no maximum lets a client ask for every record in one request: the database, serializer and network do all the work at once, and a few such calls exhaust the service (OWASP API4 names this case).',
  remediation:
    'Set a maximum on the parameter (for example 100) and enforce it on the server; document the default page size as well.',
  check(ctx) {
    // A page-size parameter written out in every list operation is one problem: grouped by name.
    const groups = new Map<string, { param: Parameter; endpoints: string[]; places: SourceRef[] }>();
    for (const op of ctx.spec.operations)
      for (const p of op.parameters) {
        if (p.in === 'path' || p.in === 'header' || !PAGE_SIZE_NAMES.has(pageSizeName(p.name))) continue;
        if (p.schema && (anyVariantHasUpperBound(p.schema) || (!isNumeric(p.schema) && p.schema.node.type !== undefined && p.schema.node.type !== 'string')))
          continue;
        const key = p.at.pointer.startsWith('/paths/') ? `${p.in}\n${p.name}` : sourceKey(p.at);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { param: p, endpoints: [], places: [] }));
        g.endpoints.push(op.endpoint);
        if (!g.places.some((a) => sourceKey(a) === sourceKey(p.at))) g.places.push(p.at);
      }
    for (const { param, endpoints, places } of groups.values()) {
      const where = places.length > 1 ? `declared in ${count(places.length, 'operation')}` : `used by ${listEndpoints(endpoints, 3)}`;
      ctx.report(places[0]!, {
        message: `Parameter "${param.name}" (${param.in}), ${where}, sets how many items a call returns but has no maximum, so one request can ask for everything.`,
        endpoints: [...new Set(endpoints)].sort(),
        related: places.slice(1, 21),
      });
    }
    for (const owner of requestOwners(ctx.spec))
      for (const f of owner.fields) {
        if (owner.parameter || f.name === undefined || !f.label || !BODY_PAGE_SIZE_NAMES.has(pageSizeName(f.name))) continue;
        if (!isNumeric(f.schema) || anyVariantHasUpperBound(f.schema)) continue;
        ctx.report(f.at, {
          message: `Request property "${f.label}" of ${owner.title} sets how many items a call returns but has no maximum (${listEndpoints(owner.endpoints, 3)}).`,
          endpoints: owner.endpoints,
        });
      }
  },
});
