/**
 * API8: error responses whose schema carries internals (stack traces, exception names, SQL,
 * debug data). Spectral has no rule for it. Reported once per schema that declares such
 * properties, with every operation that returns it as an error.
 */
import { sourceKey } from '../../../model/source.js';
import type { SchemaNode } from '../../../model/spec.js';
import { normalizeName } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { isError, responseFields } from './operation-fields.js';
import { listNames } from './wording.js';

/** Normalized property names that expose implementation details. */
export function isInternalsName(name: string): boolean {
  const n = normalizeName(name);
  return (
    /^(stack|stacktrace|stacktraces|backtrace|traceback|trace|exception|exceptions|exceptiontype|exceptionclass|exceptionmessage|innerexception|debug|debuginfo|debugmessage|debugdata|sql|sqlquery|sqlstate|sqlerror|sqlmessage|query|systeminfo|internalerror|errortrace|file|line|lineno)$/.test(
      n,
    ) || /^(stacktrace|exception|debug|sql)/.test(n)
  );
}

/** Internals sit near the top of an error body; deeper levels are embedded domain objects. */
const ERROR_DEPTH = 3;

/** `query`, `file` and `line` only count next to another internals field (a search error may echo its query). */
const WEAK = new Set(['query', 'file', 'line', 'lineno']);

export const errorInternals = defineSpecRule({
  id: 'spec.api8.error-internals',
  title: 'Error responses expose stack traces, SQL or debug data',
  severity: 'medium',
  confidence: 'likely',
  controls: ['API8:2023', 'GDPR-32'],
  equivalents: [],
  rationale:
    'Error bodies with stack traces, exception types, SQL text or debug data tell an attacker the framework, versions, file layout and queries, and turn every failed request into reconnaissance (CWE-209).',
  remediation:
    'Return a generic error schema (code, message for humans, correlation id) and keep traces, exceptions and queries in server-side logs keyed by that id.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      const bySchema = new Map<string, { schema: SchemaNode; names: string[]; ats: (typeof op.at)[] }>();
      for (const f of responseFields(op, (r) => isError(r.status), ERROR_DEPTH)) {
        if (!f.parent || !isInternalsName(f.name)) continue;
        let entry = bySchema.get(f.parent.id);
        if (!entry) bySchema.set(f.parent.id, (entry = { schema: f.parent, names: [], ats: [] }));
        if (!entry.names.includes(f.name)) {
          entry.names.push(f.name);
          entry.ats.push(f.at);
        }
      }
      for (const { schema, names, ats } of bySchema.values()) {
        if (names.every((n) => WEAK.has(normalizeName(n)))) continue;
        const shared = /^\/components\/responses\/([^/]+)\//.exec(schema.at.pointer);
        const what =
          schema.componentName !== undefined
            ? `Error schema "${schema.componentName}"`
            : shared
              ? `The schema of error response "${shared[1]!.replace(/~1/g, '/').replace(/~0/g, '~')}"`
              : `The error response schema of ${op.endpoint}`;
        ctx.report(schema.at, {
          message: `${what} has ${names.length === 1 ? 'a property' : 'properties'} ${listNames(names)} that ${names.length === 1 ? 'exposes' : 'expose'} implementation details to clients.`,
          endpoints: [op.endpoint],
          related: ats.filter((a) => sourceKey(a) !== sourceKey(schema.at)),
        });
      }
    }
  },
});
