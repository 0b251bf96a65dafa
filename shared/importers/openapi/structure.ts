/**
 * Structural checks of the OpenAPI objects the importer walks: required fields, field types and
 * unknown fields, per object kind and version. A violation never stops the audit; it becomes a
 * problem that the `spec.structure.*` rule reports at the exact place, in whichever file of a
 * multi-file description the object lives.
 */
import { childRef, type SourceRef } from '../../model/source.js';

export type Kind =
  | 'root'
  | 'info'
  | 'server'
  | 'pathItem'
  | 'operation'
  | 'parameter'
  | 'requestBody'
  | 'response'
  | 'header'
  | 'mediaType'
  | 'securityScheme'
  | 'components'
  | 'schema';

type FieldType = 'string' | 'boolean' | 'object' | 'array' | 'number' | 'any';
interface Shape {
  required?: string[];
  fields: Record<string, FieldType>;
  /** Unknown non-x- fields are reported when false. */
  open?: boolean;
}

const common3: Record<Kind, Shape> = {
  root: {
    required: ['openapi', 'info', 'paths'],
    fields: { openapi: 'string', info: 'object', servers: 'array', paths: 'object', components: 'object', security: 'array', tags: 'array', externalDocs: 'object' },
  },
  info: {
    required: ['title', 'version'],
    fields: { title: 'string', description: 'string', termsOfService: 'string', contact: 'object', license: 'object', version: 'string' },
  },
  server: { required: ['url'], fields: { url: 'string', description: 'string', variables: 'object' } },
  pathItem: {
    fields: {
      $ref: 'string', summary: 'string', description: 'string', servers: 'array', parameters: 'array',
      get: 'object', put: 'object', post: 'object', delete: 'object', options: 'object', head: 'object', patch: 'object', trace: 'object',
    },
  },
  operation: {
    required: ['responses'],
    fields: {
      tags: 'array', summary: 'string', description: 'string', externalDocs: 'object', operationId: 'string', parameters: 'array',
      requestBody: 'object', responses: 'object', callbacks: 'object', deprecated: 'boolean', security: 'array', servers: 'array',
    },
  },
  parameter: {
    required: ['name', 'in'],
    fields: {
      name: 'string', in: 'string', description: 'string', required: 'boolean', deprecated: 'boolean', allowEmptyValue: 'boolean',
      style: 'string', explode: 'boolean', allowReserved: 'boolean', schema: 'object', example: 'any', examples: 'object', content: 'object',
    },
  },
  requestBody: { required: ['content'], fields: { description: 'string', content: 'object', required: 'boolean' } },
  response: { required: ['description'], fields: { description: 'string', headers: 'object', content: 'object', links: 'object' } },
  header: {
    fields: {
      description: 'string', required: 'boolean', deprecated: 'boolean', allowEmptyValue: 'boolean', style: 'string', explode: 'boolean',
      allowReserved: 'boolean', schema: 'object', example: 'any', examples: 'object', content: 'object',
    },
  },
  mediaType: { fields: { schema: 'object', example: 'any', examples: 'object', encoding: 'object' } },
  securityScheme: {
    required: ['type'],
    fields: {
      type: 'string', description: 'string', name: 'string', in: 'string', scheme: 'string', bearerFormat: 'string', flows: 'object',
      openIdConnectUrl: 'string',
    },
  },
  components: {
    fields: {
      schemas: 'object', responses: 'object', parameters: 'object', examples: 'object', requestBodies: 'object', headers: 'object',
      securitySchemes: 'object', links: 'object', callbacks: 'object', pathItems: 'object',
    },
  },
  schema: {
    open: true,
    fields: {
      type: 'any', properties: 'object', required: 'array', items: 'any', enum: 'array', maxLength: 'number', minLength: 'number',
      maximum: 'number', minimum: 'number', maxItems: 'number', minItems: 'number', pattern: 'string', format: 'string',
      readOnly: 'boolean', writeOnly: 'boolean', nullable: 'boolean', allOf: 'array', anyOf: 'array', oneOf: 'array',
    },
  },
};

const swagger2: Partial<Record<Kind, Shape>> = {
  root: {
    required: ['swagger', 'info', 'paths'],
    fields: {
      swagger: 'string', info: 'object', host: 'string', basePath: 'string', schemes: 'array', consumes: 'array', produces: 'array',
      paths: 'object', definitions: 'object', parameters: 'object', responses: 'object', securityDefinitions: 'object', security: 'array',
      tags: 'array', externalDocs: 'object',
    },
  },
  operation: {
    required: ['responses'],
    fields: {
      tags: 'array', summary: 'string', description: 'string', externalDocs: 'object', operationId: 'string', consumes: 'array',
      produces: 'array', parameters: 'array', responses: 'object', schemes: 'array', deprecated: 'boolean', security: 'array',
    },
  },
  pathItem: {
    fields: {
      $ref: 'string', get: 'object', put: 'object', post: 'object', delete: 'object', options: 'object', head: 'object', patch: 'object',
      parameters: 'array',
    },
  },
  parameter: {
    required: ['name', 'in'],
    open: true,
    fields: { name: 'string', in: 'string', description: 'string', required: 'boolean', schema: 'object', type: 'string', items: 'object' },
  },
  response: { required: ['description'], fields: { description: 'string', schema: 'object', headers: 'object', examples: 'object' } },
  header: { open: true, fields: { description: 'string', type: 'string' } },
  securityScheme: {
    required: ['type'],
    fields: {
      type: 'string', description: 'string', name: 'string', in: 'string', flow: 'string', authorizationUrl: 'string', tokenUrl: 'string',
      scopes: 'object',
    },
  },
};

export interface StructureProblem {
  message: string;
  at: SourceRef;
}

function typeOf(v: unknown): FieldType | 'null' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'boolean' || t === 'number' ? t : t === 'object' ? 'object' : 'any';
}

const NAMES: Record<Kind, string> = {
  root: 'the document', info: 'info', server: 'server', pathItem: 'path item', operation: 'operation', parameter: 'parameter',
  requestBody: 'request body', response: 'response', header: 'header', mediaType: 'media type', securityScheme: 'security scheme',
  components: 'components', schema: 'schema',
};

export function checkStructure(kind: Kind, version: '2.0' | '3.0' | '3.1', value: unknown, at: SourceRef, out: StructureProblem[]): void {
  const shape = (version === '2.0' ? swagger2[kind] : undefined) ?? common3[kind];
  const name = NAMES[kind];
  if (typeOf(value) !== 'object') {
    out.push({ message: `${name} must be an object, found ${typeOf(value)}`, at });
    return;
  }
  const obj = value as Record<string, unknown>;
  let required = shape.required ?? [];
  if (version === '3.1' && kind === 'root') required = ['openapi', 'info'];
  if (version === '3.1' && kind === 'operation') required = [];
  if (version !== '2.0' && kind === 'parameter' && '$ref' in obj) return;
  for (const field of required)
    if (obj[field] === undefined) out.push({ message: `${name} is missing the required field "${field}"`, at });
  for (const field in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, field)) continue;
    const v = obj[field];
    const expected = shape.fields[field];
    if (expected === undefined) {
      if (!shape.open && !field.startsWith('x-') && !(kind === 'response' && field === '$ref'))
        out.push({ message: `${name} has a field "${field}" that OpenAPI ${version} does not define`, at: childRef(at, field) });
      continue;
    }
    if (expected === 'any') continue;
    const actual = typeOf(v);
    if (actual !== expected && !(kind === 'schema' && actual === 'null'))
      out.push({ message: `${name} field "${field}" must be ${article(expected)}, found ${actual === 'null' ? 'null' : article(actual)}`, at: childRef(at, field) });
  }
  if (kind === 'parameter') {
    const loc = obj.in;
    const allowed = version === '2.0' ? ['query', 'header', 'path', 'formData', 'body'] : ['query', 'header', 'path', 'cookie'];
    if (typeof loc === 'string' && !allowed.includes(loc))
      out.push({ message: `parameter "in" must be one of ${allowed.join(', ')}, found "${loc}"`, at: childRef(at, 'in') });
    if (loc === 'path' && obj.required !== true)
      out.push({ message: `path parameter "${String(obj.name)}" must be marked required: true`, at });
  }
  if (kind === 'schema' && obj.type !== undefined) {
    const types = Array.isArray(obj.type) ? obj.type : [obj.type];
    const valid = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null', ...(version === '2.0' ? ['file'] : [])];
    for (const t of types)
      if (typeof t !== 'string' || !valid.includes(t) || (t === 'null' && version !== '3.1') || (Array.isArray(obj.type) && version !== '3.1'))
        out.push({ message: `schema type ${JSON.stringify(obj.type)} is not valid in OpenAPI ${version}`, at: childRef(at, 'type') });
  }
  if (kind === 'securityScheme' && typeof obj.type === 'string') {
    const valid = version === '2.0' ? ['basic', 'apiKey', 'oauth2'] : ['apiKey', 'http', 'oauth2', 'openIdConnect', ...(version === '3.1' ? ['mutualTLS'] : [])];
    if (!valid.includes(obj.type)) out.push({ message: `security scheme type "${obj.type}" is not one of ${valid.join(', ')}`, at: childRef(at, 'type') });
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
