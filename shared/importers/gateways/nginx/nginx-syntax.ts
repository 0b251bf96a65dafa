/**
 * The nginx configuration grammar for one file: directives (`name arg… ;`), blocks
 * (`name arg… { … }`), single- and double-quoted strings with nginx's escapes, `#` comments,
 * `${var}` inside words, and the raw Lua of `*_by_lua_block { … }`. Every directive keeps the
 * file, line and column of its name and a pointer of its own inside that file:
 * `/http/0/server/1/location/0/proxy_pass/0` (directive name, then its index among siblings of
 * that name), which stays stable when unrelated directives change.
 */
import { ImportError } from '../../import-error.js';

export interface NginxDirective {
  name: string;
  /** Arguments with quotes removed and nginx's escapes applied. */
  args: string[];
  file: string;
  line: number;
  column: number;
  /** Pointer inside `file`. */
  pointer: string;
  /** The directives of a block; undefined for a simple directive. */
  block?: NginxDirective[];
}

/** Config files larger than this are refused (the largest real-world configs are a few MB). */
const MAX_CONF_CHARS = 20 * 1024 * 1024;
const MAX_DEPTH = 100;

interface Token {
  kind: 'word' | '{' | '}' | ';';
  value: string;
  line: number;
  column: number;
}

export function parseNginxFile(text: string, file: string): NginxDirective[] {
  if (text.length > MAX_CONF_CHARS) throw new ImportError(file, `the file is ${(text.length / 1048576).toFixed(1)} MB; configuration files over ${MAX_CONF_CHARS / 1048576} MB are refused`);
  if (text.includes('\0')) throw new ImportError(file, 'the file is binary, not an nginx configuration');
  const lexer = new Lexer(text.replace(/^\uFEFF/, ' '), file);
  const top = parseBlock(lexer, file, '', undefined, 0);
  return top;
}

function parseBlock(lexer: Lexer, file: string, pointer: string, opener: Token | undefined, depth: number): NginxDirective[] {
  if (depth > MAX_DEPTH) throw new ImportError(file, `blocks nest deeper than ${MAX_DEPTH} levels`, opener?.line ?? 0, opener?.column ?? 0);
  const out: NginxDirective[] = [];
  const counts = new Map<string, number>();
  for (;;) {
    const first = lexer.next();
    if (!first) {
      if (opener) throw new ImportError(file, `unexpected end of file: the block "${opener.value}" opened here is never closed with "}"`, opener.line, opener.column);
      return out;
    }
    if (first.kind === '}') {
      if (!opener) throw new ImportError(file, 'unexpected "}": no block is open here', first.line, first.column);
      return out;
    }
    if (first.kind !== 'word') throw new ImportError(file, `unexpected "${first.kind}": a directive name was expected`, first.line, first.column);
    const args: string[] = [];
    for (;;) {
      const t = lexer.next();
      if (!t) throw new ImportError(file, `unexpected end of file: directive "${first.value}" is not terminated by ";"`, first.line, first.column);
      if (t.kind === 'word') {
        args.push(t.value);
        continue;
      }
      if (t.kind === '}') throw new ImportError(file, `unexpected "}": directive "${first.value}" is not terminated by ";"`, t.line, t.column);
      const index = counts.get(first.value) ?? 0;
      counts.set(first.value, index + 1);
      const ptr = `${pointer}/${escapeSegment(first.value)}/${index}`;
      const d: NginxDirective = { name: first.value, args, file, line: first.line, column: first.column, pointer: ptr };
      if (t.kind === '{') {
        if (/_by_lua_block$|^lua_block$/.test(first.value)) {
          lexer.skipLuaBlock(first);
          d.block = [];
        } else d.block = parseBlock(lexer, file, ptr, { ...first, value: [first.value, ...args].join(' ') }, depth + 1);
      }
      out.push(d);
      break;
    }
  }
}

function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

class Lexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  private advance(): void {
    if (this.text[this.i] === '\n') {
      this.line++;
      this.lineStart = this.i + 1;
    }
    this.i++;
  }

  next(): Token | undefined {
    const t = this.text;
    for (;;) {
      while (this.i < t.length && isSpace(t.charCodeAt(this.i))) this.advance();
      if (this.i >= t.length) return undefined;
      if (t[this.i] === '#') {
        while (this.i < t.length && t[this.i] !== '\n') this.i++;
        continue;
      }
      break;
    }
    const line = this.line;
    const column = this.i - this.lineStart + 1;
    const c = t[this.i]!;
    if (c === '{' || c === '}' || c === ';') {
      this.i++;
      return { kind: c, value: c, line, column };
    }
    if (c === '"' || c === "'") {
      this.i++;
      let value = '';
      for (;;) {
        if (this.i >= t.length) throw new ImportError(this.file, `unterminated ${c === '"' ? 'double' : 'single'}-quoted string`, line, column);
        const ch = t[this.i]!;
        if (ch === '\\' && this.i + 1 < t.length) {
          value += unescape(t[this.i + 1]!);
          this.advance();
          this.advance();
          continue;
        }
        if (ch === c) {
          this.i++;
          break;
        }
        value += ch;
        this.advance();
      }
      // nginx wants a separator after a closing quote.
      const after = t[this.i];
      if (after !== undefined && !/[\s;{}]/.test(after))
        throw new ImportError(this.file, `unexpected "${after}" after a quoted string`, this.line, this.i - this.lineStart + 1);
      return { kind: 'word', value, line, column };
    }
    // The common case: a bare word without escapes or ${…}, taken as one slice.
    let j = this.i;
    while (j < t.length) {
      const code = t.charCodeAt(j);
      if (isSpace(code) || code === 59 /* ; */ || code === 123 /* { */ || code === 125 /* } */ || code === 92 /* \ */) break;
      j++;
    }
    const stop = t.charCodeAt(j);
    if (stop !== 92 && !(stop === 123 && t.charCodeAt(j - 1) === 36 /* $ */)) {
      const value = t.slice(this.i, j);
      this.i = j;
      return { kind: 'word', value, line, column };
    }
    let value = '';
    while (this.i < t.length) {
      const ch = t[this.i]!;
      if (isSpace(ch.charCodeAt(0)) || ch === ';' || ch === '}') break;
      if (ch === '{') {
        // `${name}` is a variable, not a block.
        if (value.endsWith('$')) {
          const end = t.indexOf('}', this.i);
          if (end === -1 || t.slice(this.i, end).includes('\n')) throw new ImportError(this.file, 'unterminated "${" variable', this.line, this.i - this.lineStart + 1);
          value += t.slice(this.i, end + 1);
          this.i = end + 1;
          continue;
        }
        break;
      }
      if (ch === '\\' && this.i + 1 < t.length) {
        value += unescapeBare(t[this.i + 1]!);
        this.advance();
        this.advance();
        continue;
      }
      value += ch;
      this.i++;
    }
    return { kind: 'word', value, line, column };
  }

  /** Skips the Lua code of a `*_by_lua_block { … }` up to its closing brace. */
  skipLuaBlock(opener: Token): void {
    const t = this.text;
    let depth = 1;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === '-' && t[this.i + 1] === '-') {
        while (this.i < t.length && t[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === '"' || c === "'") {
        this.advance();
        while (this.i < t.length && t[this.i] !== c && t[this.i] !== '\n') {
          if (t[this.i] === '\\') this.advance();
          this.advance();
        }
        this.advance();
        continue;
      }
      if (c === '[' && /^\[=*\[/.test(t.slice(this.i, this.i + 10))) {
        const eq = /^\[(=*)\[/.exec(t.slice(this.i, this.i + 10))![1]!;
        const close = `]${eq}]`;
        const end = t.indexOf(close, this.i);
        const stop = end === -1 ? t.length : end + close.length;
        while (this.i < stop) this.advance();
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        this.i++;
        return;
      }
      this.advance();
    }
    throw new ImportError(this.file, `unexpected end of file: the block "${opener.value}" opened here is never closed with "}"`, opener.line, opener.column);
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 11;
}

/** Escapes nginx resolves inside quoted strings. */
function unescape(c: string): string {
  switch (c) {
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'n':
      return '\n';
    case '"':
    case "'":
    case '\\':
      return c;
    default:
      return `\\${c}`;
  }
}

/** In bare words nginx also lets a backslash protect a separator. */
function unescapeBare(c: string): string {
  if (c === ' ' || c === ';' || c === '{' || c === '}') return c;
  return unescape(c);
}
