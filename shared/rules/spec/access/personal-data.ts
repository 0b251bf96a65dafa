/**
 * Personal data in the API surface (GDPR): which schemas return personal data, which of them
 * anyone can call, special categories (Art. 9/10), and personal data placed in URLs. One finding
 * per schema node, listing the matching properties; the shared dictionaries decide the names.
 */
import type { Operation, SchemaNode, SchemaProperty } from '../../../model/spec.js';
import { defineSpecRule } from '../../define-rule.js';
import { isPersonalDataName, normalizeName, SPECIAL_CATEGORY_NAMES } from '../../dictionaries.js';
import { endpointsUsing, operationsByEndpoint } from '../schema-helpers.js';
import { isCollectionIdentifier, isPublicByDesign, listEndpoints, listNames } from './operation-facts.js';
import { capitalizedSchemaLabel, isBooleanOnly, relatedRefs } from './schema-facts.js';

/** Compound names ending in an unambiguous personal-data word (`supplierEmail`, `billing_address`, `contactPhone`). */
const PERSONAL_SUFFIX =
  /(email|emailaddress|phone|phonenumber|mobilenumber|firstname|lastname|fullname|dateofbirth|birthdate|ssn|passportnumber|nationalid|iban|(home|billing|shipping|postal|street|mailing|residential|delivery)address)$/;

/** Names that are personal data only when they describe a person: IP addresses and positions. */
const CONTEXTUAL = new Set(['ip', 'ipaddress', 'location', 'lat', 'latitude', 'lon', 'lng', 'longitude']);

/** Context that makes an IP address or a position a machine's rather than a person's. */
const INFRASTRUCTURE =
  /network|interface|droplet|server|load[ _-]?balancer|floating|reserved|egress|ingress|vpc|cluster|node|instance|host|gateway|datacenter|data center|region|subnet|firewall|dns|domain|\brecord|nameserver|proxy|peering|tunnel|\bnat\b/i;

/** A property (or parameter) whose description says it holds the identifier of something, not the data itself. */
const REFERENCE_BY_ID = /\b(id|identifier)\b/i;

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A personal-data field: a dictionary name, a compound of one, or a string with `format: email`. */
export function isPersonalDataProperty(p: SchemaProperty, owner: SchemaNode): boolean {
  if (isBooleanOnly(p.schema)) return false;
  const n = normalizeName(p.name);
  if (p.schema.node.format === 'email' || PERSONAL_SUFFIX.test(n)) return true;
  if (!isPersonalDataName(p.name)) return false;
  if (!CONTEXTUAL.has(n)) return true;
  const context = `${textOf(p.schema.node.description)} ${textOf(p.schema.node.title)} ${textOf(owner.node.description)} ${owner.componentName ?? ''} ${owner.at.file}`;
  return !INFRASTRUCTURE.test(context) && !REFERENCE_BY_ID.test(`${textOf(p.schema.node.description)} ${textOf(p.schema.node.title)}`);
}

// Two rules ask for every schema of the model: computed once per schema node.
const personalMemo = new WeakMap<SchemaNode, SchemaProperty[]>();

function personalProperties(schema: SchemaNode): SchemaProperty[] {
  if (schema.properties.length === 0) return [];
  let props = personalMemo.get(schema);
  if (!props) personalMemo.set(schema, (props = schema.properties.filter((p) => isPersonalDataProperty(p, schema))));
  return props;
}

/**
 * Special-category words that also name technical things are narrowed: `health` only in person
 * compounds (`healthRecord`, not `app_health`); `fingerprint` only as biometric data (a plain
 * `fingerprint` is usually the hash of a key, card or account unless its description says
 * biometric); `faceId` only at the start (not `hugging_face_id`); `race` exactly.
 */
/** The special-category words a normalized name is or contains (memoized: names repeat across schemas). */
function specialWordsIn(n: string): readonly string[] {
  let words = specialWords.get(n);
  if (words === undefined) {
    words = SPECIAL_CATEGORY_NAMES.filter((w) => n === w || (w.length > 5 && n.includes(w)));
    if (specialWords.size >= 50_000) specialWords.clear();
    specialWords.set(n, words);
  }
  return words;
}
const specialWords = new Map<string, readonly string[]>();

const PERSON_HEALTH = /health(record|records|condition|conditions|data|info|information|history|insurance|issue|issues|care|problem|problems)|mentalhealth|medicalhealth|healthstatusofpatient/;
const BIOMETRIC_FINGERPRINT = /fingerprint(image|template|scan|data|minutiae)|biometricfingerprint/;
const BIOMETRIC_CONTEXT = /biometric|minutiae|finger ?print (image|scan|template)|scanner/i;

/** `technical`: the context text (description, neighbours), or a function giving it when needed. */
export function isSpecialCategoryProperty(name: string, technical: string | (() => string) = ''): boolean {
  const n = normalizeName(name);
  const words = specialWordsIn(n);
  if (words.length === 0) return false;
  return words.some((w) => {
    if (w === 'health') return PERSON_HEALTH.test(n);
    if (w === 'fingerprint')
      return BIOMETRIC_FINGERPRINT.test(n) || (/^fingerprints?$/.test(n) && BIOMETRIC_CONTEXT.test(typeof technical === 'function' ? technical() : technical));
    if (w === 'faceid') return n.startsWith('faceid');
    return true;
  });
}

export const personalDataInResponse = defineSpecRule({
  id: 'spec.data.personal-data-in-response',
  title: 'Personal data returned in responses',
  severity: 'medium',
  confidence: 'likely',
  controls: ['GDPR-5(1)(c)', 'API3:2023'],
  equivalents: [],
  rationale:
    'Data minimisation (GDPR Art. 5(1)(c)) asks that each response carry only the personal data its purpose needs. This inventories response schemas with personal-data fields (e-mail, phone, names, address, birth date, national identifiers, IBAN, card number, IP address, location, gender) so a person can judge necessity; the tool cannot. Boolean flags (`email: true`) are skipped.',
  remediation: 'Confirm each listed field is needed by the callers of these operations; drop or mask the rest (e.g. last four digits), and offer field selection that defaults to the minimum.',
  check(ctx) {
    for (const schema of ctx.spec.schemas) {
      const props = personalProperties(schema);
      if (!props.length) continue;
      const endpoints = endpointsUsing(schema, 'response');
      if (!endpoints.length) continue;
      ctx.report(schema.at, {
        message: `${capitalizedSchemaLabel(schema)} returns the personal data ${listNames(props.map((p) => p.name))} to callers of ${listEndpoints(endpoints)}.`,
        endpoints: [...endpoints],
        related: relatedRefs(props),
      });
    }
  },
});

export const personalDataPublic = defineSpecRule({
  id: 'spec.data.personal-data-public',
  title: 'Personal data returned without authentication',
  severity: 'high',
  confidence: 'likely',
  controls: ['GDPR-25', 'API2:2023'],
  equivalents: [],
  rationale:
    'GDPR Art. 25(2) requires that, by default, personal data is not made accessible to an indefinite number of people. An operation without authentication (or with an anonymous `{}` alternative) that returns personal data does exactly that. Login and registration responses (the caller\'s own data) are not counted.',
  remediation: 'Require authentication on these operations and return personal data only to callers entitled to it; for genuinely public profiles, publish only fields the person chose to make public.',
  check(ctx) {
    const ops = operationsByEndpoint(ctx.spec.operations);
    const isPublic = (op: Operation | undefined): boolean => op !== undefined && op.auth !== 'required' && !isPublicByDesign(op, ctx.spec);
    for (const schema of ctx.spec.schemas) {
      const props = personalProperties(schema);
      if (!props.length) continue;
      const endpoints = endpointsUsing(schema, 'response').filter((e) => isPublic(ops.get(e)));
      if (!endpoints.length) continue;
      const optional = endpoints.some((e) => ops.get(e)?.auth === 'optional');
      ctx.report(schema.at, {
        message:
          `${capitalizedSchemaLabel(schema)} returns the personal data ${listNames(props.map((p) => p.name))} from ${listEndpoints(endpoints)}, ` +
          `which ${optional ? 'can be called anonymously' : endpoints.length > 1 ? 'require no authentication' : 'requires no authentication'}: anyone can read it.`,
        endpoints,
        related: relatedRefs(props),
      });
    }
  },
});

export const specialCategoryData = defineSpecRule({
  id: 'spec.data.special-category',
  title: 'Special-category or criminal-offence data in the API',
  severity: 'high',
  confidence: 'likely',
  controls: ['GDPR-9', 'GDPR-35'],
  equivalents: [],
  rationale:
    'Health, biometric, genetic, religious, ethnic, political, trade-union and sex-life data (Art. 9) and criminal-offence data (Art. 10) may only be processed under narrow conditions, and large-scale processing usually requires a DPIA (Art. 35). Requests and responses both count: collecting the data is processing too. A name match is a hint for legal review, not a verdict.',
  remediation: 'Confirm the legal condition under Art. 9(2) / Art. 10 and whether a DPIA exists; minimise, restrict access to, and encrypt these fields, and keep them out of logs.',
  check(ctx) {
    for (const schema of ctx.spec.schemas) {
      const props = schema.properties.filter((p) =>
        isSpecialCategoryProperty(p.name, () => `${textOf(p.schema.node.description)} ${schema.componentName ?? ''} ${schema.properties.map((q) => q.name).join(' ')}`),
      );
      if (!props.length) continue;
      const endpoints = [...new Set([...endpointsUsing(schema, 'request'), ...endpointsUsing(schema, 'response')])].sort();
      if (!endpoints.length) continue;
      const directions = [schema.usage.some((u) => u.direction === 'request') ? 'accepted' : '', schema.usage.some((u) => u.direction === 'response') ? 'returned' : '']
        .filter(Boolean)
        .join(' and ');
      ctx.report(schema.at, {
        message: `${capitalizedSchemaLabel(schema)} holds special-category data ${listNames(props.map((p) => p.name))}, ${directions} by ${listEndpoints(endpoints)}.`,
        endpoints,
        related: relatedRefs(props),
      });
    }
  },
});

const EMAIL_NAME = /e-?mail([-_]?address)?$/i;

export const personalDataInUrl = defineSpecRule({
  id: 'spec.data.personal-data-in-url',
  title: 'Personal data in the URL',
  severity: 'medium',
  confidence: 'likely',
  controls: ['GDPR-5(1)(c)', 'GDPR-25', 'GDPR-32'],
  equivalents: [],
  rationale:
    'Path and query parameters are part of the URL, which access logs, proxies, analytics and browser history record; personal data there (an e-mail address as identifier, a phone number, a national identifier, a location) spreads into every such store and outlives the request. Random identifiers (UUIDs) serve the same purpose without the data. Parameters described as an ID, and path parameters naming their own collection (`/locations/{location}`), are identifiers and are skipped.',
  remediation: 'Identify people by an opaque identifier in URLs and move personal data into the request body (POST search) or headers; mask query strings in logs.',
  check(ctx) {
    for (const op of ctx.spec.operations)
      for (const p of op.parameters) {
        if (p.in !== 'path' && p.in !== 'query') continue;
        if ((p.schema && isBooleanOnly(p.schema)) || isCollectionIdentifier(op, p) || REFERENCE_BY_ID.test(p.description ?? '')) continue;
        const format = p.schema?.node.format;
        const special = isSpecialCategoryProperty(p.name, p.description ?? '');
        if (!(isPersonalDataName(p.name) || special || EMAIL_NAME.test(p.name) || format === 'email')) continue;
        const what = special ? 'special-category data' : EMAIL_NAME.test(p.name) || format === 'email' ? 'an e-mail address' : 'personal data';
        ctx.report(p.at, {
          message: `${p.in === 'path' ? 'Path' : 'Query'} parameter \`${p.name}\` of ${op.endpoint} puts ${what} in the URL, where access logs, proxies and browser history keep it.`,
          endpoints: [op.endpoint],
        });
      }
  },
});
