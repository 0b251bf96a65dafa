/**
 * Gateway paths → OpenAPI-style templates for the inventory join (`/users/{id}`; a prefix route
 * ends in `/{*}`). Regex paths are converted segment by segment where that is possible:
 * `(?<id>\d+)` → `{id}`, an unnamed group or a character class → `{paramN}`, `.*` at the end →
 * `{*}`; an unanchored regex (no `$`) matches as a prefix. A regex that cannot be read that way
 * (alternation across segments, optional segments) falls back to its literal prefix + `/{*}`.
 */

/** The template of a prefix route: `/r1` and `/r1/` → `/r1/{*}`, `/` → `/{*}`. */
export function prefixTemplate(path: string): string {
  const p = cleanPath(path).replace(/\/+$/, '');
  return `${p}/{*}`;
}

/** A path with one leading slash, no doubled slashes and no trailing slash (except `/` itself). */
export function cleanPath(path: string): string {
  let p = ('/' + path.trim()).replace(/\/{2,}/g, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

/** Joins a mount path and a path below it: (`/api/`, `/users`) → `/api/users`. */
export function joinPath(base: string, path: string): string {
  return cleanPath(`${base}/${path}`);
}

export interface RegexTemplate {
  template: string;
  /** The regex is anchored at the end (`$`): it matches whole paths only. */
  exact: boolean;
  /** False when the regex could not be read segment by segment (template is its literal prefix). */
  converted: boolean;
}

const PARAM_CLASS = /^(\\d|\\w|\\S|\[[^\]]*\]|\.)([+*]|\{\d+(,\d*)?\})?$/;

/** Converts a path regex (without Kong's `~` marker) to a template. */
export function regexToTemplate(regex: string): RegexTemplate {
  let r = regex.trim();
  if (r.startsWith('^')) r = r.slice(1);
  let exact = false;
  if (r.endsWith('$') && !r.endsWith('\\$')) {
    exact = true;
    r = r.slice(0, -1);
  }
  // An optional trailing slash does not change the template.
  r = r.replace(/\/\?$/, '').replace(/\(\/\)\?$/, '');
  let prefixAll = false;
  if (/\/?\(?\.\*\)?$/.test(r) && r !== '') {
    // `/files/.*` or `/files.*`: everything below.
    r = r.replace(/\/?\(?\.\*\)?$/, '');
    prefixAll = true;
  }
  const segments = splitTopLevel(r);
  if (!segments) return fallback(regex);
  let n = 0;
  const out: string[] = [];
  for (const seg of segments) {
    if (seg === '') continue;
    const literal = literalOf(seg);
    if (literal !== undefined) {
      out.push(literal);
      continue;
    }
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>[^()]*\)$/.exec(seg);
    if (named) {
      out.push(`{${named[1]}}`);
      continue;
    }
    if (/^\((?!\?)[^()|]*\)$/.test(seg) || PARAM_CLASS.test(seg) || /^\(\?:[^()|]*\)$/.test(seg)) {
      out.push(`{param${++n}}`);
      continue;
    }
    // A segment mixing literal text and pattern (`v\d+`), with no alternation: one parameter.
    if (!seg.includes('|') && !/[()]/.test(seg.replace(/\\./g, ''))) {
      out.push(`{param${++n}}`);
      continue;
    }
    return fallback(regex);
  }
  const base = '/' + out.join('/');
  const template = prefixAll || !exact ? prefixTemplate(base) : cleanPath(base);
  return { template, exact: exact && !prefixAll, converted: true };
}

/** The literal text before the first regex metacharacter, as a prefix template. */
function fallback(regex: string): RegexTemplate {
  let r = regex.trim();
  if (r.startsWith('^')) r = r.slice(1);
  let lit = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\' && i + 1 < r.length && /[./\-_~]/.test(r[i + 1]!)) {
      lit += r[i + 1];
      i++;
      continue;
    }
    if (/[.^$*+?()[\]{}|\\]/.test(c)) break;
    lit += c;
  }
  const upToSlash = lit.slice(0, lit.lastIndexOf('/') + 1) || '/';
  return { template: prefixTemplate(upToSlash), exact: false, converted: false };
}

/** Splits on `/` outside groups and character classes; undefined for an unbalanced regex. */
function splitTopLevel(r: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let cur = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\') {
      cur += c + (r[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      cur += c;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return undefined;
    if (depth < 0) return undefined;
    if (c === '/' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (depth !== 0 || inClass) return undefined;
  out.push(cur);
  // A group spanning a slash (e.g. `(/items)?`) stays inside one segment and is refused later.
  return out;
}

/** The literal text of a segment with no regex in it (escapes undone), else undefined. */
function literalOf(seg: string): string | undefined {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\') {
      const next = seg[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined; // \d, \w, \S…
      out += next;
      i++;
      continue;
    }
    if (c === '.') {
      // A dot not followed by a quantifier is meant literally (`file.json`).
      if (/[*+?{]/.test(seg[i + 1] ?? '')) return undefined;
      out += c;
      continue;
    }
    if (/[\^$*+?()[\]{}|]/.test(c)) return undefined;
    out += c;
  }
  return out;
}

/** True when a path (as written in a config) uses regex syntax. */
export function looksLikeRegex(path: string): boolean {
  return /[()[\]*+?^$|\\]/.test(path);
}
