/**
 * API4 input limits on what clients send (Spectral's string/array/integer rules), reported once
 * per owning schema or parameter with the fields listed, and only for the request side:
 * response schemas cannot exhaust the server. Read-only properties, enums, booleans and strings
 * of a bounded format (`date`, `uuid`, `email`...) are not flagged, nor are path parameters for
 * the length and range checks (the server's URL length limit caps them; numeric ids are API1's).
 */
import { sourceKey, type SourceRef } from '../../../model/source.js';
import type { SchemaNode } from '../../../model/spec.js';
import { defineSpecRule, type SpecRule } from '../../define-rule.js';
import {
  formatOf,
  hasEnumOrConst,
  hasLowerBound,
  hasPattern,
  hasUpperBound,
  isArray,
  isInteger,
  isString,
  isUnboundedString,
} from './constraints.js';
import { fieldName, requestOwners, type RequestOwner } from './request-owners.js';
import { count, listEndpoints } from './wording.js';

interface Hit {
  name: string;
  note: string;
  at: SourceRef;
}

interface LimitCheck {
  /** Path parameters are capped by the URL length the server accepts; only some checks apply to them. */
  includePathParameters?: boolean;
  /** Undefined when the schema is fine, else a short note (may be empty) shown after the field name. */
  test(s: SchemaNode): string | undefined;
  /** `string field`: what the flagged fields are. */
  noun: string;
  /** `without maxLength, enum or const`. */
  lacks: string;
}

/** A parameter or body written out in one operation (not a shared component). */
function isInline(owner: RequestOwner): boolean {
  return /^\/paths\//.test(owner.at.pointer) && owner.schema.componentName === undefined;
}

function limitRule(meta: Omit<Parameters<typeof defineSpecRule>[0], 'check'>, check: LimitCheck): SpecRule {
  return defineSpecRule({
    ...meta,
    check(ctx) {
      // The same parameter or body field copied into many operations (a token header, an `expand`
      // list in every form body) is one problem: inline copies with the same flagged fields are
      // grouped and reported once, at the first copy.
      const groups = new Map<string, { owners: RequestOwner[]; hits: Hit[] }>();
      for (const owner of requestOwners(ctx.spec)) {
        if (owner.parameter?.in === 'path' && !check.includePathParameters) continue;
        const hits: Hit[] = [];
        for (const f of owner.fields) {
          const note = check.test(f.schema);
          if (note === undefined) continue;
          hits.push({ name: fieldName(owner, f), note, at: f.at });
        }
        if (!hits.length) continue;
        const flagged = hits.map((h) => h.name + h.note).join('|');
        const key = !isInline(owner)
          ? `owner\n${sourceKey(owner.at)}`
          : owner.parameter
            ? `param\n${owner.parameter.in}\n${owner.parameter.name}\n${flagged}`
            : `body\n${flagged}`;
        const group = groups.get(key);
        if (group) group.owners.push(owner);
        else groups.set(key, { owners: [owner], hits });
      }
      for (const { owners, hits } of groups.values()) {
        const owner = owners[0]!;
        const endpoints = [...new Set(owners.flatMap((o) => o.endpoints))].sort();
        const ownerOnly = hits.length === 1 && hits[0]!.at === owner.at;
        const bodies = owners.length > 1 && !owner.parameter;
        const subject = bodies
          ? `The request bodies of ${count(owners.length, 'operation')} each`
          : `${capitalize(owner.title)}${owners.length > 1 ? `, declared in ${count(owners.length, 'operation')},` : ''}`;
        const what = ownerOnly
          ? `${subject} is ${article(check.noun)} ${check.noun} ${check.lacks}${hits[0]!.note ? ` (${hits[0]!.note})` : ''}`
          : `${subject} ${bodies ? 'accept' : 'accepts'} ${count(hits.length, check.noun)} ${check.lacks}: ${withNotes(hits, 12)}`;
        const related = [...hits.map((h) => h.at), ...owners.slice(1).map((o) => o.at)].filter((a) => sourceKey(a) !== sourceKey(owner.at));
        ctx.report(owner.at, {
          message: `${what} (sent by ${listEndpoints(endpoints, 3)}).`,
          endpoints,
          occurrences: hits.length * owners.length,
          related: related.slice(0, 20),
        });
      }
    },
  });
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}

/** `a`, `b` (no maximum) and 3 more. */
function withNotes(hits: readonly { name: string; note: string }[], max: number): string {
  const shown = hits.slice(0, max).map((h) => `\`${h.name}\`${h.note ? ` (${h.note})` : ''}`);
  if (hits.length > max) return `${shown.join(', ')} and ${hits.length - max} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown.join('');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const COMMON = {
  severity: 'low',
  confidence: 'likely',
} as const;

export const stringLimit = limitRule(
  {
    ...COMMON,
    id: 'spec.api4.string-limit',
    title: 'Request strings without a maximum length',
    controls: ['API4:2023'],
    equivalents: ['owasp:api4:2023-string-limit'],
    rationale:
      'A string the client sends with no maxLength (and no enum or const) lets one request carry megabytes into parsing, validation, storage and logs; the gateway and the backend cannot reject oversize values that the contract allows.',
    remediation:
      'Give every request string a maxLength that fits its meaning (names 100, free text a few thousand), or an enum/const when the values are known, and let the gateway validate requests against the description.',
  },
  { test: (s) => (isUnboundedString(s) ? '' : undefined), noun: 'string field', lacks: 'without maxLength, enum or const' },
);

export const stringRestricted = limitRule(
  {
    ...COMMON,
    id: 'spec.api4.string-restricted',
    title: 'Request strings without pattern, format or enum',
    controls: ['API4:2023', 'API8:2023'],
    equivalents: ['owasp:api4:2023-string-restricted'],
    rationale:
      'A request string with no pattern, format, enum or const accepts any characters, so injection payloads and control characters reach the backend unchecked by the contract.',
    remediation:
      'Describe what the value may contain: a format (uuid, email, date), a pattern for identifiers and codes, or an enum for fixed choices. Free text can stay free, but bound its length.',
  },
  {
    test: (s) =>
      isString(s) && !hasEnumOrConst(s) && !hasPattern(s) && formatOf(s) === undefined ? '' : undefined,
    noun: 'string field',
    lacks: 'without pattern, format, enum or const',
    includePathParameters: true,
  },
);

/** An array of a closed set of values that must be unique cannot grow beyond the set. */
function arrayBoundedByEnum(s: SchemaNode): boolean {
  return s.node.uniqueItems === true && s.items !== undefined && hasEnumOrConst(s.items);
}

export const arrayLimit = limitRule(
  {
    ...COMMON,
    id: 'spec.api4.array-limit',
    title: 'Request arrays without maxItems',
    controls: ['API4:2023'],
    equivalents: ['owasp:api4:2023-array-limit'],
    rationale:
      'An array the client sends with no maxItems lets one request carry any number of elements, each of which the server parses, validates and often acts on (batch writes, lookups, fan-out calls).',
    remediation: 'Set maxItems on every request array to the largest batch the operation is meant to handle.',
  },
  {
    test: (s) => (isArray(s) && typeof s.node.maxItems !== 'number' && !arrayBoundedByEnum(s) ? '' : undefined),
    noun: 'array field',
    lacks: 'without maxItems',
  },
);

export const integerLimit = limitRule(
  {
    ...COMMON,
    id: 'spec.api4.integer-limit',
    title: 'Request integers without minimum or maximum',
    controls: ['API4:2023'],
    equivalents: ['owasp:api4:2023-integer-limit', 'owasp:api4:2023-integer-limit-legacy'],
    rationale:
      'An integer with no range lets clients send huge or negative quantities, counts and amounts that drive allocation, loops and billing on the server.',
    remediation:
      'Give every request integer a minimum and a maximum (or exclusiveMinimum/exclusiveMaximum) that match what the operation can handle.',
  },
  {
    test: (s) => {
      if (!isInteger(s) || hasEnumOrConst(s)) return undefined;
      const lo = hasLowerBound(s);
      const hi = hasUpperBound(s);
      if (lo && hi) return undefined;
      return !lo && !hi ? 'no minimum or maximum' : !hi ? 'no maximum' : 'no minimum';
    },
    noun: 'integer field',
    lacks: 'without a full range',
  },
);

export const integerFormat = limitRule(
  {
    ...COMMON,
    id: 'spec.api4.integer-format',
    title: 'Request integers without int32/int64 format',
    controls: ['API4:2023'],
    equivalents: ['owasp:api4:2023-integer-format'],
    rationale:
      'Without a declared width (and without a range), an integer may overflow the type the backend stores it in, wrapping around or failing in ways the contract does not describe.',
    remediation: 'Declare format int32 or int64 on request integers, or bound them with minimum and maximum.',
  },
  {
    test: (s) => {
      if (!isInteger(s) || hasEnumOrConst(s) || (hasLowerBound(s) && hasUpperBound(s))) return undefined;
      const f = formatOf(s);
      return f === 'int32' || f === 'int64' ? undefined : '';
    },
    noun: 'integer field',
    lacks: 'without format int32/int64',
  },
);

export const schemaLimitRules: SpecRule[] = [stringLimit, stringRestricted, arrayLimit, integerLimit, integerFormat];
