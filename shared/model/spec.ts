/**
 * The normalized API description model that spec rules read. The OpenAPI importer builds it
 * once per root document (Swagger 2.0, OpenAPI 3.0 and 3.1 all normalize to this shape), with
 * every `$ref` resolved and every node carrying where it really lives (`at`). A node reached
 * through a `$ref` points at the referenced component, not at the reference.
 */
import type { SourceRef } from './source.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export type JsonObject = Record<string, unknown>;

export interface SpecServer {
  url: string;
  description?: string;
  /** Swagger 2.0 servers are synthesized from host/basePath/schemes. */
  synthesized: boolean;
  node: JsonObject;
  at: SourceRef;
}

export interface OAuthFlow {
  /** implicit | password | clientCredentials | authorizationCode (Swagger 2 names are mapped). */
  kind: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  scopes: string[];
  at: SourceRef;
}

export interface SecurityScheme {
  /** The key under components.securitySchemes / securityDefinitions. */
  name: string;
  /** apiKey | http | oauth2 | openIdConnect | mutualTLS (Swagger 2 `basic` becomes http/basic). */
  type: string;
  /** For type http: the lower-cased scheme (basic, bearer, digest, negotiate, ...). */
  scheme?: string;
  bearerFormat?: string;
  /** For type apiKey: query | header | cookie. */
  in?: string;
  /** For type apiKey: the header/query/cookie name. */
  paramName?: string;
  flows: OAuthFlow[];
  description?: string;
  node: JsonObject;
  at: SourceRef;
}

/** One alternative of a security requirement list: scheme name → scopes. `{}` means anonymous. */
export type SecurityRequirement = Record<string, string[]>;

export interface SchemaNode {
  /** `file#pointer` of where the schema really lives: the identity used for grouping. */
  id: string;
  at: SourceRef;
  /** The schema object itself, `$ref` already followed (its own keys are not merged with allOf). */
  node: JsonObject;
  /** Component name when the schema is a named component (components/schemas/X, definitions/X). */
  componentName?: string;
  /** How operations use this schema (directly or nested), filled by the importer. */
  usage: SchemaUsage[];
  /** `properties`, each resolved; `at` is the property key in this schema. */
  properties: SchemaProperty[];
  items?: SchemaNode;
  allOf: SchemaNode[];
  anyOf: SchemaNode[];
  oneOf: SchemaNode[];
  /** A schema, `true`/`false` when given as a boolean, undefined when absent. */
  additionalProperties?: SchemaNode | boolean;
}

export interface SchemaProperty {
  name: string;
  schema: SchemaNode;
  required: boolean;
  at: SourceRef;
}

export interface SchemaUsage {
  endpoint: string;
  direction: 'request' | 'response' | 'parameter';
}

export interface Parameter {
  name: string;
  /** path | query | header | cookie (Swagger 2 body/formData become request bodies). */
  in: string;
  required: boolean;
  deprecated: boolean;
  description?: string;
  schema?: SchemaNode;
  node: JsonObject;
  at: SourceRef;
}

export interface MediaContent {
  mediaType: string;
  schema?: SchemaNode;
  at: SourceRef;
}

export interface RequestBody {
  required: boolean;
  content: MediaContent[];
  at: SourceRef;
}

export interface ResponseHeader {
  name: string;
  schema?: SchemaNode;
  at: SourceRef;
}

export interface Response {
  /** "200", "4XX", "default", ... */
  status: string;
  description?: string;
  headers: ResponseHeader[];
  content: MediaContent[];
  node: JsonObject;
  at: SourceRef;
}

export interface Operation {
  method: HttpMethod;
  path: string;
  /** "GET /users/{id}": the form findings and the inventory use. */
  endpoint: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Effective security after applying the root default (OpenAPI semantics, see controls.md §0). */
  security: SecurityRequirement[];
  /** Where `security` came from: the operation itself, the root default, or nowhere. */
  securitySource: 'operation' | 'root' | 'none';
  /** none: no requirement at all; optional: an anonymous `{}` alternative; required otherwise. */
  auth: 'none' | 'optional' | 'required';
  /** Path-level and operation-level parameters merged (operation wins), `$ref`s followed. */
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  /** Servers that apply to this operation (operation → path → root). */
  servers: SpecServer[];
  /** Names of OAS 3 callbacks declared on the operation. */
  callbacks: string[];
  /** The raw operation object (for x-* extensions and anything not normalized). */
  node: JsonObject;
  at: SourceRef;
}

/** A problem the importer met that is worth a finding of its own (not a fatal error). */
export interface SpecProblem {
  kind: 'schema-violation' | 'external-ref' | 'unresolved-ref' | 'outside-ref';
  message: string;
  at: SourceRef;
}

export interface SpecModel {
  /** The root document's display path: the evidence name findings cite. */
  file: string;
  /** Every file that contributed (root plus `$ref`'d files). */
  files: string[];
  version: '2.0' | '3.0' | '3.1';
  /** The exact version string, e.g. "3.0.3". */
  versionString: string;
  title?: string;
  apiVersion?: string;
  root: JsonObject;
  servers: SpecServer[];
  securitySchemes: SecurityScheme[];
  /** The root `security` list, undefined when absent. */
  rootSecurity?: SecurityRequirement[];
  operations: Operation[];
  /** Every distinct schema node reachable from operations or declared as a component. */
  schemas: SchemaNode[];
  /** OAS 3.1 `webhooks` names. */
  webhooks: string[];
  problems: SpecProblem[];
}
