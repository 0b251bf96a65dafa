/**
 * The fast path of the YAML reader: js-yaml (its reading here costs a fifth of the exact
 * reader's CPU time on large specs) with its parse listener, which reports where every node opens and what it built
 * when it closes. From those events this rebuilds the same container offsets the exact reader
 * (yaml-positions.ts) keeps, and gives up (returns undefined) whenever it is not sure the result
 * is identical: any js-yaml error, anchors, aliases, explicit tags, a byte-order mark,
 * directives or document markers, merge keys (`<<`), `__proto__` keys, complex or very long
 * keys, a lone CR line break, a comment glued to a quote or bracket, quoted scalars and flow
 * collections whose continuation lines the exact reader may find under-indented, and any event
 * sequence it does not recognise. The caller then uses the exact reader,
 * which also produces the error messages. Plain scalars are resolved with the `yaml` package's
 * YAML 1.2 core schema rules (same patterns, same conversions), not js-yaml's defaults, so
 * `yes`, `0o12`, `.inf` or dates come out exactly as the exact reader gives them.
 */
import { FAILSAFE_SCHEMA, load, Type, type Schema } from 'js-yaml';
import { computeLineStarts, type NodeOffsets } from './parsed-text.js';

/** A YAML file read into plain values with every container's offsets. */
export interface YamlRead {
  value: unknown;
  offsets: WeakMap<object, NodeOffsets>;
  lineStarts: number[];
}

/** Tag prefix of the implicit types below: private, so an explicit `!!int` is unknown to js-yaml. */
const PRIVATE = 'tag:gatehouse.invalid,2026:';

function scalar(name: string, test: RegExp, construct: (s: string) => unknown): Type {
  return new Type(PRIVATE + name, {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && test.test(data),
    construct: (data: string) => construct(data),
  });
}

/**
 * The `yaml` package's core schema (yaml/dist/schema/core), in its order: the first pattern
 * that matches a plain scalar decides. Numbers are built with the same parseInt/parseFloat calls.
 */
const CORE_LIKE_YAML: Schema = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'),
    scalar('int-oct', /^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)),
    scalar('int', /^[-+]?[0-9]+$/, (s) => parseInt(s, 10)),
    scalar('int-hex', /^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)),
    scalar('float-nan', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) =>
      s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
    ),
    scalar('float-exp', /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)),
    scalar('float', /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)),
  ],
});

/** The parts of js-yaml's loader state the listener reads (its typings omit tag and anchor). */
interface LoaderState {
  position: number;
  result: unknown;
  kind: string | null;
  tag: string | null;
  anchor: string | null;
}

/** Thrown from the listener to abandon the fast path. */
class Unsure extends Error {}
const UNSURE = new Unsure('fast YAML path unsure');

/** Keys longer than this make the exact reader complain (1024 characters); leave them to it. */
const MAX_FAST_KEY = 1000;

/**
 * Reads `text` with js-yaml; undefined when the result might differ from the exact reader's in
 * any way (value, offsets or error), so that the caller falls back to it.
 */
export function readYamlFast(text: string): YamlRead | undefined {
  // Cheap pre-scans for what js-yaml accepts and the exact reader refuses or reads otherwise:
  // a byte-order mark (js-yaml drops it, shifting offsets), document markers and directives,
  // a lone CR as line break.
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  if (hasDocumentMarkersOrDirectives(text)) return undefined;
  if (/\r(?!\n)/.test(text)) return undefined;

  const offsets = new WeakMap<object, NodeOffsets>();
  // One entry per js-yaml composeNode call that has opened and not yet closed: where it opened,
  // and where its children begin in `starts`/`results` (start offset and built value of each
  // node composed directly inside it, flat to spare an allocation per node).
  const opens: number[] = [];
  const bases: number[] = [];
  const starts: number[] = [];
  const results: unknown[] = [];
  let rootDone = false;

  const listener = (event: 'open' | 'close', s: LoaderState): void => {
    if (event === 'open') {
      opens.push(s.position);
      bases.push(starts.length);
      return;
    }
    const open = opens.pop();
    const base = bases.pop();
    if (open === undefined || base === undefined || rootDone) throw UNSURE;
    if (s.anchor !== null) throw UNSURE;
    const tag = s.tag;
    if (tag !== null && tag !== '?' && !tag.startsWith(PRIVATE)) throw UNSURE;
    const result = s.result;
    const start = skipSpace(text, open);
    const c = text.charCodeAt(start);
    const quoted = (c === 0x22 /* " */ || c === 0x27) /* ' */ && s.kind === 'scalar';
    const flow = (c === 0x5b /* [ */ || c === 0x7b) /* { */ && (s.kind === 'sequence' || s.kind === 'mapping');
    if (quoted || flow) {
      // `"x"#c`: js-yaml takes the comment, the exact reader wants white space before it.
      const end = s.position;
      if (text.charCodeAt(end) === 0x23 /* # */ && !isSpace(text.charCodeAt(end - 1))) throw UNSURE;
      checkContinuationLines(text, start, end);
    }
    if (result !== null && typeof result === 'object' && !offsets.has(result)) {
      if (Array.isArray(result)) closeSeq(result, start, base);
      else closeMap(result as Record<string, unknown>, start, base);
    }
    starts.length = base;
    results.length = base;
    if (bases.length > 0) {
      starts.push(start);
      results.push(result);
    } else rootDone = true;
  };

  function closeSeq(arr: unknown[], at: number, base: number): void {
    if (results.length - base !== arr.length) throw UNSURE;
    for (let i = 0; i < arr.length; i++) if (!Object.is(results[base + i], arr[i])) throw UNSURE;
    offsets.set(arr, { at, members: starts.slice(base) });
  }

  function closeMap(obj: Record<string, unknown>, at: number, base: number): void {
    const n = results.length;
    if ((n - base) % 2 !== 0) throw UNSURE;
    const members: Record<string, number> = Object.create(null) as Record<string, number>;
    let count = 0;
    for (let i = base; i < n; i += 2) {
      const keyValue = results[i];
      if (keyValue !== null && typeof keyValue === 'object') throw UNSURE;
      const key = String(keyValue);
      if (key === '<<' || key === '__proto__' || key.length > MAX_FAST_KEY) throw UNSURE;
      if (!Object.prototype.hasOwnProperty.call(obj, key) || !Object.is(obj[key], results[i + 1])) throw UNSURE;
      if (members[key] !== undefined) throw UNSURE;
      members[key] = starts[i] as number;
      count++;
    }
    if (Object.keys(obj).length !== count) throw UNSURE;
    offsets.set(obj, { at, members });
  }

  let value: unknown;
  try {
    value = load(text, { schema: CORE_LIKE_YAML, listener: listener as never });
  } catch {
    return undefined;
  }
  if (opens.length !== 0 || !rootDone) return undefined;
  if (value === undefined) value = null;
  return { value, offsets, lineStarts: computeLineStarts(text) };
}

/**
 * A quoted scalar or flow collection spread over several lines: js-yaml accepts continuation
 * lines that the exact reader refuses as not indented enough (or indented with tabs). Accept
 * only lines indented deeper than the key or item that holds the node (a closing bracket may
 * sit at that key's column); anything else is left to the exact reader.
 */
function checkContinuationLines(text: string, start: number, end: number): void {
  let nl = text.indexOf('\n', start);
  if (nl === -1 || nl >= end) return;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let holder = contentColumn(text, lineStart, start);
  if (holder === start - lineStart) {
    // The node begins its line: it is the value of the key (or item) on the line above.
    const above = previousContentLine(text, lineStart);
    if (above !== -1) holder = Math.max(holder - 1, contentColumn(text, above, text.length));
  }
  const quoted = text.charCodeAt(start) === 0x22 || text.charCodeAt(start) === 0x27;
  while (nl !== -1 && nl < end - 1) {
    let j = nl + 1;
    while (text.charCodeAt(j) === 0x20) j++;
    const c = text.charCodeAt(j);
    if (c === 0x09) throw UNSURE;
    const blank = c === 0x0a || c === 0x0d;
    const indent = j - nl - 1;
    if (!blank && indent <= holder && !(indent === holder && !quoted && (c === 0x5d /* ] */ || c === 0x7d) /* } */)) throw UNSURE;
    nl = text.indexOf('\n', nl + 1);
  }
}

/** Column of the first character of a line after its indentation and `- `, `? `, `: ` indicators (at most `limit`). */
function contentColumn(text: string, lineStart: number, limit: number): number {
  let i = lineStart;
  for (;;) {
    while (text.charCodeAt(i) === 0x20) i++;
    const c = text.charCodeAt(i);
    if ((c === 0x2d /* - */ || c === 0x3f /* ? */ || c === 0x3a) /* : */ && isSpace(text.charCodeAt(i + 1)) && i < limit) i += 2;
    else break;
  }
  return Math.min(i, limit) - lineStart;
}

/** Start of the nearest line above that is neither blank nor a comment; -1 when none. */
function previousContentLine(text: string, lineStart: number): number {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    let i = start;
    while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
    const c = text.charCodeAt(i);
    if (i < end && c !== 0x23 /* # */ && c !== 0x0d) return start;
    end = start - 1;
  }
  return -1;
}

/** Offset of the first character at or after `i` that is not white space, a line break or a comment. */
function skipSpace(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else break;
  }
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * True when a line starts with `%` (a directive), `---` or `...` (document markers): multiple
 * documents and directives are left to the exact reader. One exception, common in split specs:
 * a lone `---` line before any content (only blank and comment lines above it).
 */
function hasDocumentMarkersOrDirectives(text: string): boolean {
  const markers = /^(?:%|---|\.\.\.)/gm;
  const first = markers.exec(text);
  if (!first) return false;
  if (markers.exec(text)) return true;
  return !/^(?:[ \t]*(?:#[^\n\r]*)?\r?\n)*---[ \t]*(?:#[^\n\r]*)?\r?\n/y.test(text) || first.index !== text.indexOf('---');
}
