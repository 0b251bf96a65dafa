/**
 * XML with positions for the gateway importers that read XML (Azure APIM policies, Apigee proxy
 * bundles): a small element tree built with sax in strict mode, every element and attribute
 * placed in a MappedSources under a stable pointer of its own (`/policies/inbound[0]/validate-jwt[0]`,
 * attributes as `…/@name`). sax never expands external entities or DTD-declared ones, so
 * neither XXE nor entity bombs apply.
 *
 * Azure APIM policy expressions (`@(...)`, `@{...}`) are C#, not XML: they hold unescaped
 * quotes inside attribute values and `<`, `&&` in text. With `policyExpressions`, a pre-pass
 * blanks each expression body (same length, line breaks kept, so every position stays right)
 * and leaves a numbered marker; values handed back carry the original expression text.
 */
import sax from 'sax';
import { ImportError } from '../../import-error.js';
import type { MappedSources } from '../../text/mapped-sources.js';
import { computeLineStarts, lineColumn } from '../../text/parsed-text.js';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA directly inside the element, concatenated, untrimmed. */
  text: string;
  line: number;
  column: number;
  /** Stable pointer: `/root/child[0]/grandchild[2]`, indexes among same-named siblings. */
  pointer: string;
  parent?: XmlElement;
}

export interface XmlOptions {
  /** Tolerate Azure APIM policy expressions (`@(...)`, `@{...}`). */
  policyExpressions?: boolean;
}

/** Evidence XML files larger than this are refused (policy files are a few KB). */
const MAX_XML_CHARS = 10 * 1024 * 1024;
const MAX_DEPTH = 200;

/** The name of the root element, from the first 64 KB of a file; undefined when it is not XML. */
export function xmlRootName(head: string): string | undefined {
  let i = 0;
  const t = head.replace(/^\uFEFF/, '');
  for (;;) {
    while (i < t.length && /\s/.test(t[i]!)) i++;
    if (t.startsWith('<?', i)) {
      const end = t.indexOf('?>', i);
      if (end === -1) return undefined;
      i = end + 2;
    } else if (t.startsWith('<!--', i)) {
      const end = t.indexOf('-->', i);
      if (end === -1) return undefined;
      i = end + 3;
    } else if (t.startsWith('<!', i)) {
      const end = t.indexOf('>', i);
      if (end === -1) return undefined;
      i = end + 1;
    } else if (t[i] === '<') {
      const m = /^<([A-Za-z_][\w.:-]*)[\s/>]/.exec(t.slice(i, i + 200));
      return m?.[1];
    } else return undefined;
  }
}

export function parseXml(text: string, file: string, sources: MappedSources, options: XmlOptions = {}): XmlElement {
  if (text.length > MAX_XML_CHARS) throw new ImportError(file, `the file is ${(text.length / 1048576).toFixed(1)} MB; XML files over ${MAX_XML_CHARS / 1048576} MB are refused`);
  if (text.includes('\0')) throw new ImportError(file, 'the file is binary, not XML');
  // A byte-order mark becomes a space so offsets stay those of the file.
  let source = text.replace(/^\uFEFF/, ' ');
  let expressions: string[] = [];
  if (options.policyExpressions) ({ text: source, expressions } = neutralizeExpressions(source));
  const restore = expressions.length ? (v: string): string => restoreExpressions(v, expressions) : (v: string): string => v;
  sources.addFile(file, text);
  const lineStarts = computeLineStarts(source);

  const parser = sax.parser(true, { position: true });
  const stack: XmlElement[] = [];
  const siblingCounts: Map<string, number>[] = [new Map()];
  let root: XmlElement | undefined;

  parser.onopentag = (tag) => {
    if (stack.length >= MAX_DEPTH) throw new ImportError(file, `elements nest deeper than ${MAX_DEPTH} levels`, parser.line + 1, parser.column);
    const start = Math.max(0, parser.startTagPosition - 1);
    const { line, column } = lineColumn(lineStarts, start);
    const parent = stack[stack.length - 1];
    const counts = siblingCounts[siblingCounts.length - 1]!;
    const index = counts.get(tag.name) ?? 0;
    counts.set(tag.name, index + 1);
    const pointer = parent ? `${parent.pointer}/${tag.name}[${index}]` : `/${tag.name}`;
    const attrs: Record<string, string> = {};
    const rawTag = source.slice(start, parser.position);
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
      attrs[name] = restore(value);
      const m = new RegExp(`\\s${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`).exec(rawTag);
      const at = m ? lineColumn(lineStarts, start + m.index + 1) : { line, column };
      sources.set({ file, pointer: `${pointer}/@${name}` }, at.line, at.column, attrs[name]);
    }
    const el: XmlElement = { name: tag.name, attrs, children: [], text: '', line, column, pointer };
    if (parent) {
      el.parent = parent;
      parent.children.push(el);
    } else root = el;
    sources.set({ file, pointer }, line, column);
    stack.push(el);
    siblingCounts.push(new Map());
  };
  parser.onclosetag = () => {
    const el = stack.pop();
    siblingCounts.pop();
    if (el && expressions.length) el.text = restore(el.text);
  };
  parser.ontext = (t) => {
    const el = stack[stack.length - 1];
    if (el) el.text += t;
  };
  parser.oncdata = parser.ontext;
  parser.onerror = (e) => {
    const reason = e.message.split('\n')[0] ?? 'malformed XML';
    throw new ImportError(file, `XML could not be read: ${reason}`, parser.line + 1, Math.max(1, parser.column));
  };
  parser.write(source).close();
  if (!root) throw new ImportError(file, 'no XML element found: the file is empty or not XML');
  return root;
}

/** Child elements with this name (case-sensitive). */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Trimmed text of a child element, undefined when absent or empty. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const t = child(el, name)?.text.trim();
  return t ? t : undefined;
}

/** Every descendant (depth first, document order), the element itself excluded. */
export function descendants(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/* ---------------------------------------------------------------------------------------------
 * APIM policy expressions
 * ------------------------------------------------------------------------------------------- */

const MARKER = (n: number): string => `~${n}~`;
const MARKED = /@([({])\s*~(\d+)~\s*([)}])/g;

/**
 * Blanks the body of every `@(...)` / `@{...}` that starts an attribute value or sits in element
 * text, keeping line breaks and the text length, and writes a numbered marker into the blanked
 * body. Comments, CDATA, processing instructions and declarations are left alone.
 */
export function neutralizeExpressions(text: string): { text: string; expressions: string[] } {
  const out = text.split('');
  const expressions: string[] = [];
  let i = 0;
  const n = text.length;
  const blank = (from: number, to: number): void => {
    // from..to: the whole expression including `@(` and `)`.
    const bodyStart = from + 2;
    const bodyEnd = to - 1;
    const id = expressions.length;
    expressions.push(text.slice(from, to));
    const marker = MARKER(id);
    let run = 0;
    let markerAt = -1;
    for (let k = bodyStart; k < bodyEnd; k++) {
      if (text[k] === '\n' || text[k] === '\r') run = 0;
      else if (++run === marker.length && markerAt === -1) markerAt = k - marker.length + 1;
    }
    if (markerAt === -1) {
      // Too short to hold a marker: keep it, minus what would break the XML.
      for (let k = bodyStart; k < bodyEnd; k++) if (/["'<>&]/.test(text[k]!)) out[k] = ' ';
      return;
    }
    for (let k = bodyStart; k < bodyEnd; k++) if (text[k] !== '\n' && text[k] !== '\r') out[k] = ' ';
    for (let k = 0; k < marker.length; k++) out[markerAt + k] = marker[k]!;
  };
  while (i < n) {
    const c = text[i];
    if (c === '<') {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        i = end === -1 ? n : end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        i = end === -1 ? n : end + 3;
        continue;
      }
      if (text.startsWith('<?', i) || text.startsWith('<!', i)) {
        const end = text.indexOf('>', i + 2);
        i = end === -1 ? n : end + 1;
        continue;
      }
      // A tag: walk its attributes.
      i++;
      while (i < n && text[i] !== '>') {
        const q = text[i];
        if (q === '"' || q === "'") {
          const valueStart = i + 1;
          if (text[valueStart] === '@' && (text[valueStart + 1] === '(' || text[valueStart + 1] === '{')) {
            const end = expressionEnd(text, valueStart);
            if (end !== -1) {
              blank(valueStart, end);
              i = end;
            } else i = valueStart;
          } else i = valueStart;
          const close = text.indexOf(q, i);
          i = close === -1 ? n : close + 1;
        } else i++;
      }
      i++;
      continue;
    }
    if (c === '@' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const end = expressionEnd(text, i);
      if (end !== -1) {
        blank(i, end);
        i = end;
        continue;
      }
    }
    i++;
  }
  return { text: out.join(''), expressions };
}

/** The offset just past the bracket closing the expression that starts at `at` (`@(` / `@{`), or -1. */
function expressionEnd(text: string, at: number): number {
  const stack: string[] = [];
  let i = at + 1;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '(' || c === '{' || c === '[') stack.push(c === '(' ? ')' : c === '{' ? '}' : ']');
    else if (c === ')' || c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    } else if (c === '"') {
      // C# string (verbatim when preceded by @: "" escapes a quote).
      const verbatim = text[i - 1] === '@' && i - 1 !== at;
      i++;
      while (i < n) {
        if (!verbatim && text[i] === '\\') i += 2;
        else if (text[i] === '"') {
          if (verbatim && text[i + 1] === '"') i += 2;
          else break;
        } else i++;
      }
    } else if (c === "'") {
      const m = /^'(\\.|[^'\\\n])'/.exec(text.slice(i, i + 8));
      if (m) i += m[0].length - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 1;
    }
    i++;
  }
  return -1;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function restoreExpressions(value: string, expressions: string[]): string {
  if (value.indexOf('~') === -1) return value;
  return value.replace(MARKED, (whole, _open: string, id: string) => {
    const original = expressions[Number(id)];
    if (original === undefined) return whole;
    return original.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (e, name: string) =>
      name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? e),
    );
  });
}
