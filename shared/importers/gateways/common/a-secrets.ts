/**
 * Clear-text secrets in gateway configs (GDPR-32, API2/API8): recognised by the name of the
 * field that holds them (password, client_secret, api_key, header_value…) or by their shape
 * (a PEM private key, credentials in a URL, a static Authorization header). A SecretHit records
 * what kind of secret sits where; the value itself is never copied anywhere.
 * References to a secret store (Kong `{vault://…}`, `${ENV}`, `{{named-value}}`, CloudFormation
 * `{{resolve:secretsmanager:…}}`) are not secrets in the file and are not reported.
 */
import type { SecretHit } from '../../../model/gateway.js';
import { childRef, type SourceRef } from '../../../model/source.js';
import { isObj } from './a-node-reader.js';

const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/;
const CREDENTIAL_HEADER_NAME = /^(authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token)$/i;

/** A value that is really there (not empty, not a reference to a secret store, not masked). */
export function isClearTextSecret(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const s = v.trim();
  if (s === '' || s === 'null') return false;
  if (/^\{vault:\/\/[^}]*\}$/.test(s)) return false;
  if (/^\$\{[^}]*\}$/.test(s) || /^\$[A-Z_][A-Z0-9_]*$/.test(s)) return false;
  if (/^\{\{[^}]*\}\}$/.test(s) || /\{\{resolve:(secretsmanager|ssm|ssm-secure):/.test(s)) return false;
  if (/^\*+$/.test(s) || /^<[^>]*>$/.test(s) || /^(redacted|hidden|masked)$/i.test(s)) return false;
  if (/^env:/.test(s)) return false;
  return true;
}

export function isPemPrivateKey(v: unknown): boolean {
  return typeof v === 'string' && PEM_PRIVATE_KEY.test(v);
}

/** The kind of secret a field of this name holds, or undefined for an ordinary field. */
export function secretKindOfField(key: string): string | undefined {
  // Configs repeat a few field names thousands of times (20,000 plugin configs in a large decK file).
  let kind = fieldKinds.get(key);
  if (kind === undefined) {
    kind = classifyField(key) ?? null;
    if (fieldKinds.size < 10000) fieldKinds.set(key, kind);
  }
  return kind ?? undefined;
}

const fieldKinds = new Map<string, string | null>();

function classifyField(key: string): string | undefined {
  const k = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/-/g, '_');
  if (/(^|_)(password|passwd|pwd|passphrase)$/.test(k)) return 'password';
  if (/(^|_)client_secret$/.test(k)) return 'client-secret';
  if (/(^|_)private_key$/.test(k)) return 'private-key';
  if (/(^|_)aws_secret(_access_key)?$|(^|_)secret_access_key$/.test(k)) return 'aws-secret-key';
  if (/(^|_)(api_key|apikey|access_key|subscription_key)$/.test(k)) return 'api-key';
  if (/(^|_)(header_value|param_value)$/.test(k)) return 'provider-credential';
  if (/(^|_)(access_token|refresh_token|bearer_token|auth_token|token)$/.test(k)) return 'token';
  if (/(^|_)provision_key$/.test(k)) return 'oauth2-provision-key';
  if (/(^|_)(secret|shared_secret|signing_secret|hmac_secret|jwt_secret|session_secret|secret_key)$/.test(k)) return 'secret';
  if (/(^|_)service_account_json$/.test(k)) return 'service-account-key';
  return undefined;
}

/** `scheme://user:password@host` carries credentials. */
export function urlHasCredentials(v: unknown): boolean {
  return typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:[^/@\s]+@/i.test(v.trim());
}

/** `Authorization: Bearer …` / `X-API-Key: …` written as one string (header lists of transformers). */
export function isStaticCredentialHeader(v: unknown): boolean {
  return typeof v === 'string' && /^\s*(authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token)\s*:\s*\S+/i.test(v);
}

/**
 * Walks a config subtree and reports every clear-text secret in it: secret-named fields, PEM
 * private keys, URLs with credentials and static credential headers (in lists or as header maps).
 */
export function scanSecrets(value: unknown, at: SourceRef, where: string, report: (hit: SecretHit) => void, depth = 0): void {
  if (depth > 30) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const ref = childRef(at, i);
      if (isStaticCredentialHeader(item)) report({ kind: 'static-credential-header', where: `${where}[${i}]`, at: ref });
      else scanSecrets(item, ref, `${where}[${i}]`, report, depth + 1);
    });
    return;
  }
  if (!isObj(value)) {
    if (isPemPrivateKey(value)) report({ kind: 'private-key', where, at });
    else if (urlHasCredentials(value)) report({ kind: 'url-credentials', where, at });
    return;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = value[key];
    const kind = secretKindOfField(key);
    // Most leaves are ordinary numbers, booleans and short strings: nothing to build for them.
    if (!kind && (v === null || typeof v !== 'object') && !(typeof v === 'string' && (isPemPrivateKey(v) || urlHasCredentials(v) || CREDENTIAL_HEADER_NAME.test(key)))) continue;
    const ref = childRef(at, key);
    const path = where ? `${where}.${key}` : key;
    if (kind && isClearTextSecret(v)) {
      report({ kind: isPemPrivateKey(v) ? 'private-key' : kind, where: path, at: ref });
      continue;
    }
    if (kind && Array.isArray(v) && v.every((item) => typeof item === 'string')) {
      v.forEach((item, i) => {
        if (isClearTextSecret(item)) report({ kind, where: `${path}[${i}]`, at: childRef(ref, i) });
      });
      continue;
    }
    if (CREDENTIAL_HEADER_NAME.test(key) && isClearTextSecret(v)) {
      report({ kind: 'static-credential-header', where: path, at: ref });
      continue;
    }
    scanSecrets(v, ref, path, report, depth + 1);
  }
}

const SECRET_IN_TEXT = [
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g, // OpenAI / Anthropic style keys
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs
  /\b(password|passwd|pwd|secret|api[_-]?key|token)\s*[:=]\s*[^\s,;"']{4,}/gi,
];

/**
 * Free text (a system prompt, a template) with any credential-looking token replaced by
 * `[redacted]`, and whether one was found. LLM07: secrets must not sit in prompts.
 */
export function redactSecretsInText(text: string): { text: string; found: boolean } {
  let found = false;
  let out = text;
  for (const re of SECRET_IN_TEXT)
    out = out.replace(re, () => {
      found = true;
      return '[redacted]';
    });
  return { text: out, found };
}

/** A URL with the password of its userinfo replaced (`https://user:***@host/`), for models and messages. */
export function withoutUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]+):([^/@\s]+)@/i, '$1$2:***@');
}
