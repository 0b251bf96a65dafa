/**
 * Facts about operations and their security that several access rules read: which path
 * parameters name an object, which operations are credential entry points (login, token,
 * password reset, OTP), how a security requirement reads in a sentence, and where a requirement
 * was written. Pure functions over the normalized model; no rule lives here.
 */
import { childRef, splitPointer, escapePointerSegment, type SourceRef } from '../../../model/source.js';
import type { Operation, Parameter, SecurityRequirement, SecurityScheme, SpecModel } from '../../../model/spec.js';
import { CREDENTIAL_NAME, normalizeName } from '../../dictionaries.js';

/** `id`, `userId`, `order_id`, `item-id`, `accountID`: names that hold an object identifier. */
const ID_LIKE_NAME = /^(id|uuid|guid)$|(_id|-id|[a-z0-9]Id|ID)$/;

export function isIdLikeName(name: string): boolean {
  return ID_LIKE_NAME.test(name);
}

/** Path parameters that select something other than an object: API version, language, format. */
const NOT_AN_OBJECT = /^(v|ver|version|api[-_]?version|lang|language|locale|format|ext|extension|region|zone|env|environment)$/i;

/** Path parameters that pick one object (`/users/{username}`, `/orders/{order_id}`). */
export function objectIdParameters(op: Operation): Parameter[] {
  return op.parameters.filter((p) => p.in === 'path' && p.name !== '' && !NOT_AN_OBJECT.test(p.name));
}

/** GET/PUT/PATCH/DELETE on a path with an object identifier: the operations BOLA is about. */
export function isObjectOperation(op: Operation): boolean {
  return (op.method === 'get' || op.method === 'put' || op.method === 'patch' || op.method === 'delete') && objectIdParameters(op).length > 0;
}

/**
 * A path parameter named after the collection it sits in (`/sessions/{session}`,
 * `/terminal/locations/{location}`): an identifier of that resource, not data or a credential.
 */
export function isCollectionIdentifier(op: Operation, p: Parameter): boolean {
  if (p.in !== 'path') return false;
  const segments = op.path.split('/');
  const i = segments.indexOf(`{${p.name}}`);
  if (i < 1) return false;
  const previous = normalizeName(segments[i - 1]!);
  const name = normalizeName(p.name);
  return name.length > 1 && (previous === name || previous.endsWith(`${name}s`) || previous.endsWith(`${name}es`));
}

/** The literal (non-template) part of a path, lower-cased, segments joined by `/`. */
function literalPath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && !/^\{.*\}$/.test(s))
    .join('/')
    .toLowerCase();
}

const LOGIN = /(^|[/_.-])(login|log-in|signin|sign-in|logon|log-on|authenticate|authentication)([/_.-]|$)/;
const TOKEN = /(^|[/_-])token([/_.-]|$)|refresh[-_]?token/;
const PASSWORD_RESET =
  /(forgot|forget|reset|recover|lost)[-_]?(password|passwd|pass|pwd)|(password|passwd|pwd)[-_/]?(reset|recovery|recover|forgot|forgotten)|(^|\/)auth\/(reset|recover)/;
const ONE_TIME_CODE = /(^|[/_.-])(otp|totp|hotp|mfa|2fa|two[-_]?factor|passcode|verify[-_]?(code|otp|pin))([/_.-]|$)/;
const REGISTRATION = /(^|[/_.-])(register|registration|signup|sign-up|enrol|enroll|enrollment)([/_.-]|$)/;

/** Login, token, password-reset and OTP operations: where credentials are guessed or stuffed. */
export function isCredentialEndpoint(op: Operation): boolean {
  const p = literalPath(op.path);
  return LOGIN.test(p) || TOKEN.test(p) || PASSWORD_RESET.test(p) || ONE_TIME_CODE.test(p);
}

function urlPath(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(url);
  if (m) return m[1] ?? '/';
  return url.startsWith('/') ? url.replace(/[?#].*$/, '') : undefined;
}

/** True when the operation is the token, authorization or refresh URL of a declared OAuth2 flow. */
function isOAuthFlowEndpoint(op: Operation, spec: SpecModel): boolean {
  const path = op.path.replace(/\/+$/, '');
  if (path === '') return false;
  for (const s of spec.securitySchemes)
    for (const f of s.flows)
      for (const url of [f.tokenUrl, f.authorizationUrl, f.refreshUrl]) {
        const p = url === undefined ? undefined : urlPath(url)?.replace(/\/+$/, '');
        if (p !== undefined && p !== '' && (p === path || p.endsWith(path) || path.endsWith(p))) return true;
      }
  return false;
}

/**
 * Operations that must be callable without credentials: login, token, registration,
 * password reset, OTP (submitted with POST, or links followed with GET), and the endpoints a
 * declared OAuth2 flow names. Missing authentication
 * there is the design, not a flaw (their own risks are brute force and abuse, checked elsewhere).
 */
export function isPublicByDesign(op: Operation, spec: SpecModel): boolean {
  if (isOAuthFlowEndpoint(op, spec)) return true;
  const p = literalPath(op.path);
  // Credentials are submitted with POST (PUT/PATCH at a stretch); a GET is only expected for
  // links sent by e-mail (reset, one-time code, account confirmation). Deletes never are public.
  if (op.method === 'post' || op.method === 'put' || op.method === 'patch') return isCredentialEndpoint(op) || REGISTRATION.test(p);
  if (op.method === 'get') return PASSWORD_RESET.test(p) || ONE_TIME_CODE.test(p) || REGISTRATION.test(p);
  return false;
}

/** Operations that hand out a credential in their response (so a token there is expected). */
export function issuesCredentials(op: Operation, spec: SpecModel): boolean {
  if (isPublicByDesign(op, spec)) return true;
  const path = literalPath(op.path);
  if (op.method === 'post' && /(^|[/_.-])(api[-_]?keys?|keys?|tokens?|secrets?|credentials?|sessions?)([/_.-]|$)/.test(path)) return true;
  // GET /clusters/{id}/credentials, /kubeconfig: reading a credential is the operation's purpose.
  const last = path.split('/').pop() ?? '';
  return op.method === 'get' && /^(credentials?|kubeconfig|tokens?|api[-_]?keys?|secrets?|connection[-_]?strings?)$/.test(last);
}

/** Header or cookie parameters that look like a credential the description does not model as a scheme. */
const CREDENTIAL_HEADER = /^(authorization|x-?(access|auth|api|session)[-_]?(token|key)|x-?token|x-?jwt|x-?auth)$/i;

export function undeclaredCredentialParameters(op: Operation): Parameter[] {
  return op.parameters.filter(
    (p) => (p.in === 'header' || p.in === 'cookie') && (CREDENTIAL_HEADER.test(p.name) || CREDENTIAL_NAME.test(p.name)),
  );
}

export function methodOf(endpoint: string): string {
  const i = endpoint.indexOf(' ');
  return (i < 0 ? endpoint : endpoint.slice(0, i)).toLowerCase();
}

export function pathOf(endpoint: string): string {
  const i = endpoint.indexOf(' ');
  return i < 0 ? endpoint : endpoint.slice(i + 1);
}

export function schemeNamed(spec: SpecModel, name: string): SecurityScheme | undefined {
  return spec.securitySchemes.find((s) => s.name === name);
}

/** `bearerAuth`, `oauth (read:pets, write:pets)`, `a + b`; alternatives joined by " or ". */
export function describeRequirement(alt: SecurityRequirement): string {
  const parts = Object.entries(alt).map(([name, scopes]) => (scopes.length ? `${name} (${scopes.join(', ')})` : name));
  return parts.length ? parts.join(' + ') : 'anonymous `{}`';
}

export function describeSecurity(security: readonly SecurityRequirement[]): string {
  return security.map(describeRequirement).join(' or ');
}

/** A canonical string for one alternative: scheme names and scopes sorted. */
export function requirementKey(alt: SecurityRequirement): string {
  return Object.entries(alt)
    .map(([name, scopes]) => `${name}[${[...scopes].sort().join(',')}]`)
    .sort()
    .join('&');
}

export function securityKey(security: readonly SecurityRequirement[]): string {
  return security.map(requirementKey).sort().join('|');
}

/** Where alternative `index` of the operation's effective security is written. */
export function requirementRef(spec: SpecModel, op: Operation, index: number): SourceRef {
  if (op.securitySource === 'operation') return childRef(op.at, 'security', index);
  return { file: spec.file, pointer: `/security/${index}` };
}

/** Where the operation's effective `security` list is written (the operation itself when nowhere). */
export function securityRef(spec: SpecModel, op: Operation): SourceRef {
  if (op.securitySource === 'operation') return childRef(op.at, 'security');
  if (op.securitySource === 'root') return { file: spec.file, pointer: '/security' };
  return op.at;
}

/** The path item holding an operation (the parent of the operation's own place). */
export function pathItemRef(op: Operation): SourceRef {
  const segments = splitPointer(op.at.pointer);
  segments.pop();
  return { file: op.at.file, pointer: segments.map((s) => '/' + escapePointerSegment(s)).join('') };
}

/** "a, b and 3 more" for messages. */
export function listNames(names: readonly string[], max = 8): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= max) return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}` : (quoted[0] ?? '');
  return `${quoted.slice(0, max).join(', ')} and ${quoted.length - max} more`;
}

export function listEndpoints(endpoints: readonly string[], max = 3): string {
  if (endpoints.length <= max) return endpoints.join(', ');
  return `${endpoints.slice(0, max).join(', ')} and ${endpoints.length - max} more`;
}
