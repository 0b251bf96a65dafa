/**
 * JSON → plain values with positions found on demand. Values come from the engine's native
 * JSON.parse (the fastest reader there is); positions are found afterwards by scanning the text
 * only along the pointers asked for, skipping every other subtree at bracket-counting speed.
 * One shallow scan at parse time refuses duplicate keys where they would silently drop part of
 * an API description (paths, operations, components).
 */
import { splitPointer, unescapePointerSegment } from '../../model/source.js';
import { ImportError } from '../import-error.js';
import { computeLineStarts, lineColumn, type ParsedText } from './parsed-text.js';

/** Objects down to this depth are checked for duplicate keys (root = 0, /paths/{p}/{method} = 2). */
const DUPLICATE_CHECK_DEPTH = 3;

interface Trie {
  /** Undefined for a leaf (most nodes): no Map allocated for them. */
  children: Map<string, Trie> | undefined;
  /** Indexes of the asked pointers that end here. */
  ends: number[] | undefined;
  /** Offset where the scan reached this node (-1: not reached). */
  offset: number;
}

const newTrie = (): Trie => ({ children: undefined, ends: undefined, offset: -1 });

export function parseJsonWithPositions(text: string, file: string): ParsedText {
  let lineStarts: number[] | undefined;
  const starts = (): number[] => (lineStarts ??= computeLineStarts(text));
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = text.length - body.length;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const found = findJsonError(text, shift);
    const { line, column } = lineColumn(starts(), found.at);
    throw new ImportError(file, `invalid JSON: ${found.reason}`, line, column);
  }
  const scanner = new JsonScanner(text, file, starts);
  scanner.checkDuplicates(DUPLICATE_CHECK_DEPTH);
  return {
    file,
    format: 'json',
    value,
    text,
    get lineStarts() {
      return starts();
    },
    offsetsOf: (pointers) => scanner.offsetsOf(pointers),
  };
}

class JsonScanner {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lineStarts: () => number[],
  ) {}

  offsetsOf(pointers: readonly string[]): number[] {
    const result = new Array<number>(pointers.length).fill(0);
    const root = newTrie();
    for (let i = 0; i < pointers.length; i++) {
      const p = pointers[i]!;
      let node = root;
      const descend = (seg: string): void => {
        const children = (node.children ??= new Map());
        let next = children.get(seg);
        if (!next) children.set(seg, (next = newTrie()));
        node = next;
      };
      let from = p.charCodeAt(0) === 35 /* # */ ? 1 : 0;
      if (p.length > from && p.charCodeAt(from) !== 47) for (const seg of splitPointer(p)) descend(seg);
      else if (p.length > from) {
        // The segments read in place (no intermediate array per pointer).
        const escaped = p.indexOf('~') !== -1;
        for (;;) {
          const slash = p.indexOf('/', from + 1);
          const raw = slash === -1 ? p.slice(from + 1) : p.slice(from + 1, slash);
          descend(escaped ? unescapePointerSegment(raw) : raw);
          if (slash === -1) break;
          from = slash;
        }
      }
      (node.ends ??= []).push(i);
    }
    this.pos = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.skipWs();
    root.offset = 0;
    this.walk(root);
    // Pointers that stop early (or go further than the document) keep the deepest offset reached.
    const settle = (node: Trie, inherited: number): void => {
      const offset = node.offset >= 0 ? node.offset : inherited;
      if (node.ends) for (const i of node.ends) result[i] = offset;
      if (node.children) for (const child of node.children.values()) settle(child, offset);
    };
    settle(root, 0);
    return result;
  }

  checkDuplicates(maxDepth: number): void {
    this.pos = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.skipWs();
    this.dupWalk(0, maxDepth);
  }

  private dupWalk(depth: number, maxDepth: number): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === 123 /* { */) {
      this.pos++;
      const seen = new Set<string>();
      this.skipWs();
      if (this.text.charCodeAt(this.pos) === 125) {
        this.pos++;
        return;
      }
      for (;;) {
        this.skipWs();
        const keyAt = this.pos;
        const key = this.readString();
        if (seen.has(key)) {
          const { line, column } = lineColumn(this.lineStarts(), keyAt);
          throw new ImportError(this.file, `duplicate key "${key}"`, line, column);
        }
        seen.add(key);
        this.skipWs();
        this.pos++; // :
        this.skipWs();
        if (depth < maxDepth) this.dupWalk(depth + 1, maxDepth);
        else this.skipValue();
        this.skipWs();
        if (this.text.charCodeAt(this.pos++) === 125) return;
      }
    } else if (c === 91 /* [ */ && depth < maxDepth) {
      this.pos++;
      this.skipWs();
      if (this.text.charCodeAt(this.pos) === 93) {
        this.pos++;
        return;
      }
      for (;;) {
        this.skipWs();
        this.dupWalk(depth + 1, maxDepth);
        this.skipWs();
        if (this.text.charCodeAt(this.pos++) === 93) return;
      }
    } else this.skipValue();
  }

  /** At a value; records the offsets of members on the trie and skips the rest. */
  private walk(node: Trie): void {
    const children = node.children;
    if (children === undefined) {
      this.skipValue();
      return;
    }
    const c = this.text.charCodeAt(this.pos);
    if (c === 123) {
      this.pos++;
      this.skipWs();
      if (this.text.charCodeAt(this.pos) === 125) {
        this.pos++;
        return;
      }
      for (;;) {
        this.skipWs();
        const keyAt = this.pos;
        const key = this.readString();
        this.skipWs();
        this.pos++; // :
        this.skipWs();
        const child = children.get(key);
        if (child) {
          child.offset = keyAt;
          this.walk(child);
        } else this.skipValue();
        this.skipWs();
        if (this.text.charCodeAt(this.pos++) === 125) return;
      }
    } else if (c === 91) {
      this.pos++;
      this.skipWs();
      if (this.text.charCodeAt(this.pos) === 93) {
        this.pos++;
        return;
      }
      for (let index = 0; ; index++) {
        this.skipWs();
        const child = children.get(String(index));
        if (child) {
          child.offset = this.pos;
          this.walk(child);
        } else this.skipValue();
        this.skipWs();
        if (this.text.charCodeAt(this.pos++) === 93) return;
      }
    } else this.skipValue();
  }

  private skipWs(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private readString(): string {
    const start = this.pos;
    const end = this.stringEnd(start);
    this.pos = end + 1;
    const raw = this.text.slice(start + 1, end);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, end + 1)) as string) : raw;
  }

  /** Index of the closing quote of the string opening at `start`. */
  private stringEnd(start: number): number {
    const t = this.text;
    let p = start + 1;
    for (;;) {
      const q = t.indexOf('"', p);
      if (q === -1) return t.length;
      let backslashes = 0;
      for (let b = q - 1; t.charCodeAt(b) === 92; b--) backslashes++;
      if (backslashes % 2 === 0) return q;
      p = q + 1;
    }
  }

  private skipValue(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 34) {
      this.pos = this.stringEnd(this.pos) + 1;
      return;
    }
    if (c !== 123 && c !== 91) {
      let p = this.pos;
      for (;;) {
        const d = t.charCodeAt(p);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9 || Number.isNaN(d)) break;
        p++;
      }
      this.pos = p;
      return;
    }
    let depth = 0;
    let p = this.pos;
    for (;;) {
      const d = t.charCodeAt(p);
      if (d === 34) p = this.stringEnd(p) + 1;
      else {
        p++;
        if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) {
          if (--depth === 0) break;
        } else if (Number.isNaN(d)) break;
      }
    }
    this.pos = p;
  }
}

/**
 * Where JSON.parse failed and why, in words (Node 20's messages do not always give a position):
 * a validating walk that builds nothing.
 */
export function findJsonError(text: string, start = 0): { at: number; reason: string } {
  let pos = start;
  const ws = (): void => {
    for (let c = text.charCodeAt(pos); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++pos));
  };
  class Stop {
    constructor(
      readonly at: number,
      readonly reason: string,
    ) {}
  }
  const fail = (reason: string): never => {
    throw new Stop(pos, reason);
  };
  const describe = (): string => (pos >= text.length ? 'the end of the file' : `'${text[pos]}'`);
  const str = (): void => {
    pos++;
    for (;;) {
      if (pos >= text.length) fail('a string is not closed');
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return;
      }
      if (c < 32) fail('a string contains a raw control character (line break or tab)');
      if (c === 92) {
        const n = text[pos + 1] ?? '';
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('invalid \\u escape in a string');
          pos += 6;
        } else if ('"\\/bfnrt'.includes(n) && n !== '') pos += 2;
        else fail(`invalid escape \\${n} in a string`);
      } else pos++;
    }
  };
  const value = (depth: number): void => {
    ws();
    if (depth > 10000) fail('nesting is too deep');
    const c = text[pos];
    if (c === '{') {
      pos++;
      ws();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        str();
        ws();
        if (text[pos] !== ':') fail(`expected ':' after a property name, found ${describe()}`);
        pos++;
        value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return;
        }
        fail(`expected ',' or '}' in an object, found ${describe()}`);
      }
    }
    if (c === '[') {
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return;
        }
        fail(`expected ',' or ']' in an array, found ${describe()}`);
      }
    }
    if (c === '"') return str();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos, pos + 400));
    if (!m) fail(`unexpected ${describe()}`);
    pos += m![0].length;
  };
  try {
    value(0);
    ws();
    if (pos < text.length) fail(`unexpected ${describe()} after the end of the document`);
  } catch (e) {
    if (e instanceof Stop) return { at: e.at, reason: e.reason };
    throw e;
  }
  return { at: 0, reason: 'the JSON could not be read' };
}
