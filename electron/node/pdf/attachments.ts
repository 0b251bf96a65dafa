/**
 * Reads the files embedded in a PDF (the catalog's /Names /EmbeddedFiles name tree), in Node,
 * without poppler: enough of a PDF object reader for classic cross-reference tables (what pdfkit
 * and @signpdf write), following /Prev into earlier sections. Objects the table does not list
 * are found by scanning for "N G obj".
 */
import { inflateSync } from 'node:zlib';

export interface EmbeddedFile {
  name: string;
  data: Buffer;
  description?: string;
  mediaType?: string;
}

type PdfObject =
  | { kind: 'dict'; entries: Map<string, PdfObject> }
  | { kind: 'array'; items: PdfObject[] }
  | { kind: 'name'; value: string }
  | { kind: 'string'; bytes: Buffer }
  | { kind: 'number'; value: number }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'other' };

const MAX_TREE_DEPTH = 16;

/** Every embedded file, by name. Throws when the PDF's structure cannot be read. */
export function readEmbeddedFiles(bytes: Buffer): EmbeddedFile[] {
  const pdf = new PdfFile(bytes);
  const root = pdf.resolve(pdf.trailer().entries.get('Root'));
  const names = root?.kind === 'dict' ? pdf.resolve(root.entries.get('Names')) : undefined;
  const tree = names?.kind === 'dict' ? pdf.resolve(names.entries.get('EmbeddedFiles')) : undefined;
  const files: EmbeddedFile[] = [];
  const walk = (node: PdfObject | undefined, depth: number): void => {
    if (node?.kind !== 'dict' || depth > MAX_TREE_DEPTH) return;
    const kids = pdf.resolve(node.entries.get('Kids'));
    if (kids?.kind === 'array') for (const kid of kids.items) walk(pdf.resolve(kid), depth + 1);
    const pairs = pdf.resolve(node.entries.get('Names'));
    if (pairs?.kind !== 'array') return;
    for (let i = 0; i + 1 < pairs.items.length; i += 2) {
      const key = pairs.items[i];
      const spec = pdf.resolve(pairs.items[i + 1]);
      if (key?.kind !== 'string' || spec?.kind !== 'dict') continue;
      const file = readFileSpec(pdf, decodeText(key.bytes), spec);
      if (file) files.push(file);
    }
  };
  walk(tree, 0);
  return files;
}

function readFileSpec(pdf: PdfFile, key: string, spec: Extract<PdfObject, { kind: 'dict' }>): EmbeddedFile | null {
  const ef = pdf.resolve(spec.entries.get('EF'));
  if (ef?.kind !== 'dict') return null;
  const streamRef = ef.entries.get('UF') ?? ef.entries.get('F');
  if (streamRef?.kind !== 'ref') return null;
  const stream = pdf.stream(streamRef);
  if (stream === null) return null;
  const uf = pdf.resolve(spec.entries.get('UF'));
  const f = pdf.resolve(spec.entries.get('F'));
  const name = uf?.kind === 'string' ? decodeText(uf.bytes) : f?.kind === 'string' ? decodeText(f.bytes) : key;
  const out: EmbeddedFile = { name, data: stream.data };
  const desc = pdf.resolve(spec.entries.get('Desc'));
  if (desc?.kind === 'string') out.description = decodeText(desc.bytes);
  const subtype = stream.dict.entries.get('Subtype');
  if (subtype?.kind === 'name') out.mediaType = subtype.value;
  return out;
}

class PdfFile {
  private readonly text: string;
  private readonly offsets = new Map<number, number>();
  private trailerDict: Extract<PdfObject, { kind: 'dict' }> | undefined;
  private scanned: Map<number, number> | undefined;

  constructor(private readonly bytes: Buffer) {
    this.text = bytes.toString('latin1');
    this.readCrossReferences();
  }

  trailer(): Extract<PdfObject, { kind: 'dict' }> {
    if (this.trailerDict === undefined) throw new Error('the PDF has no readable trailer');
    return this.trailerDict;
  }

  resolve(value: PdfObject | undefined, depth = 0): PdfObject | undefined {
    if (value?.kind !== 'ref') return value;
    if (depth > 8) return undefined;
    const object = this.object(value.num);
    return object === undefined ? undefined : this.resolve(object.value, depth + 1);
  }

  stream(ref: { num: number }): { dict: Extract<PdfObject, { kind: 'dict' }>; data: Buffer } | null {
    const object = this.object(ref.num);
    if (object?.value.kind !== 'dict') return null;
    const dict = object.value;
    let start = object.end;
    while (start < this.text.length && /\s/.test(this.text[start]!)) start += 1;
    if (!this.text.startsWith('stream', start)) return null;
    start += 'stream'.length;
    if (this.text[start] === '\r') start += 1;
    if (this.text[start] === '\n') start += 1;
    const length = this.resolve(dict.entries.get('Length'));
    let end: number;
    if (length?.kind === 'number' && start + length.value <= this.bytes.length) end = start + length.value;
    else {
      end = this.text.indexOf('endstream', start);
      if (end === -1) return null;
    }
    let data = this.bytes.subarray(start, end);
    const filter = this.resolve(dict.entries.get('Filter'));
    const filters = filter?.kind === 'name' ? [filter.value] : filter?.kind === 'array' ? filter.items.map((f) => (f.kind === 'name' ? f.value : '?')) : [];
    for (const name of filters) {
      if (name !== 'FlateDecode') throw new Error(`unsupported stream filter /${name}`);
      data = inflateSync(data);
    }
    return { dict, data: Buffer.from(data) };
  }

  private object(num: number): { value: PdfObject; end: number } | undefined {
    let offset = this.offsets.get(num);
    if (offset === undefined || !this.objectHeaderAt(offset, num)) offset = this.scan().get(num);
    if (offset === undefined) return undefined;
    const reader = new Reader(this.text, offset);
    reader.number();
    reader.number();
    reader.keyword('obj');
    const value = reader.value();
    return { value, end: reader.offset };
  }

  private objectHeaderAt(offset: number, num: number): boolean {
    return new RegExp(`^${num}\\s+\\d+\\s+obj\\b`).test(this.text.slice(offset, offset + 32));
  }

  /** "N G obj" positions by scanning; the last definition of a number wins. */
  private scan(): Map<number, number> {
    if (this.scanned === undefined) {
      this.scanned = new Map();
      for (const match of this.text.matchAll(/(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g)) {
        const at = match.index + match[0].length - match[0].trimStart().length;
        this.scanned.set(Number(match[1]), at);
      }
    }
    return this.scanned;
  }

  private readCrossReferences(): void {
    const at = this.text.lastIndexOf('startxref');
    if (at === -1) throw new Error('the PDF has no startxref');
    let offset = Number(/startxref\s+(\d+)/.exec(this.text.slice(at, at + 40))?.[1]);
    const seen = new Set<number>();
    while (Number.isFinite(offset) && !seen.has(offset) && offset < this.text.length) {
      seen.add(offset);
      const reader = new Reader(this.text, offset);
      if (!reader.tryKeyword('xref')) break; // a cross-reference stream: objects are found by scanning
      for (;;) {
        reader.skipSpace();
        if (reader.tryKeyword('trailer')) break;
        const first = reader.number();
        const count = reader.number();
        reader.skipSpace();
        for (let i = 0; i < count; i += 1) {
          const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(this.text.slice(reader.offset, reader.offset + 18));
          if (!entry) throw new Error('malformed cross-reference table');
          if (entry[3] === 'n' && !this.offsets.has(first + i)) this.offsets.set(first + i, Number(entry[1]));
          reader.offset += 18;
          reader.skipSpace();
        }
      }
      const trailer = reader.value();
      if (trailer.kind !== 'dict') break;
      this.trailerDict ??= trailer;
      const prev = trailer.entries.get('Prev');
      offset = prev?.kind === 'number' ? prev.value : NaN;
    }
    if (this.trailerDict === undefined) {
      // No classic table: find the catalog by scanning.
      for (const [num] of this.scan()) {
        const object = this.object(num);
        const type = object?.value.kind === 'dict' ? object.value.entries.get('Type') : undefined;
        if (type?.kind === 'name' && type.value === 'Catalog') {
          this.trailerDict = { kind: 'dict', entries: new Map([['Root', { kind: 'ref', num, gen: 0 }]]) };
        }
      }
    }
  }
}

class Reader {
  constructor(
    private readonly text: string,
    public offset: number,
  ) {}

  skipSpace(): void {
    for (;;) {
      const c = this.text[this.offset];
      if (c === undefined) return;
      if (c === '%') {
        while (this.offset < this.text.length && this.text[this.offset] !== '\n' && this.text[this.offset] !== '\r') this.offset += 1;
      } else if (/[\s\0]/.test(c)) this.offset += 1;
      else return;
    }
  }

  tryKeyword(word: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(word, this.offset)) {
      this.offset += word.length;
      return true;
    }
    return false;
  }

  keyword(word: string): void {
    if (!this.tryKeyword(word)) throw new Error(`"${word}" expected at ${this.offset}`);
  }

  number(): number {
    this.skipSpace();
    const match = /^[+-]?(\d+\.?\d*|\.\d+)/.exec(this.text.slice(this.offset, this.offset + 32));
    if (!match) throw new Error(`number expected at ${this.offset}`);
    this.offset += match[0].length;
    return Number(match[0]);
  }

  value(): PdfObject {
    this.skipSpace();
    const c = this.text[this.offset];
    if (c === undefined) throw new Error('unexpected end of file');
    if (this.text.startsWith('<<', this.offset)) return this.dictionary();
    if (c === '<') return { kind: 'string', bytes: this.hexString() };
    if (c === '(') return { kind: 'string', bytes: this.literalString() };
    if (c === '/') {
      this.offset += 1;
      return { kind: 'name', value: decodeName(this.regular()) };
    }
    if (c === '[') {
      this.offset += 1;
      const items: PdfObject[] = [];
      for (;;) {
        this.skipSpace();
        if (this.text[this.offset] === ']') {
          this.offset += 1;
          return { kind: 'array', items };
        }
        items.push(this.value());
      }
    }
    if (/[\d+\-.]/.test(c)) {
      const n = this.number();
      const saved = this.offset;
      this.skipSpace();
      const gen = /^\d+/.exec(this.text.slice(this.offset, this.offset + 12));
      if (gen && Number.isInteger(n)) {
        this.offset += gen[0].length;
        this.skipSpace();
        if (this.text[this.offset] === 'R' && !/[^\s\0()<>[\]{}/%]/.test(this.text[this.offset + 1] ?? ' ')) {
          this.offset += 1;
          return { kind: 'ref', num: n, gen: Number(gen[0]) };
        }
      }
      this.offset = saved;
      return { kind: 'number', value: n };
    }
    const word = this.regular();
    if (word === '') throw new Error(`unexpected character at ${this.offset}`);
    return { kind: 'other' };
  }

  private dictionary(): PdfObject {
    this.offset += 2;
    const entries = new Map<string, PdfObject>();
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('>>', this.offset)) {
        this.offset += 2;
        return { kind: 'dict', entries };
      }
      const key = this.value();
      if (key.kind !== 'name') throw new Error(`dictionary key expected at ${this.offset}`);
      entries.set(key.value, this.value());
    }
  }

  private hexString(): Buffer {
    const end = this.text.indexOf('>', this.offset);
    if (end === -1) throw new Error('unterminated hex string');
    const hex = this.text.slice(this.offset + 1, end).replace(/\s+/g, '');
    this.offset = end + 1;
    return Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex');
  }

  private literalString(): Buffer {
    const out: number[] = [];
    let depth = 0;
    this.offset += 1;
    for (;;) {
      const c = this.text.charCodeAt(this.offset);
      if (Number.isNaN(c)) throw new Error('unterminated string');
      this.offset += 1;
      if (c === 0x5c) {
        const e = this.text[this.offset];
        this.offset += 1;
        const simple: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, f: 0x0c };
        if (e === undefined) throw new Error('unterminated string');
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (/[0-7]/.test(e)) {
          let digits = e;
          while (digits.length < 3 && /[0-7]/.test(this.text[this.offset] ?? '')) digits += this.text[this.offset++];
          out.push(parseInt(digits, 8) & 0xff);
        } else if (e === '\r') {
          if (this.text[this.offset] === '\n') this.offset += 1;
        } else if (e !== '\n') out.push(e.charCodeAt(0));
        continue;
      }
      if (c === 0x28) depth += 1;
      if (c === 0x29) {
        if (depth === 0) return Buffer.from(out);
        depth -= 1;
      }
      out.push(c);
    }
  }

  private regular(): string {
    const start = this.offset;
    while (this.offset < this.text.length && !/[\s\0()<>[\]{}/%]/.test(this.text[this.offset]!)) this.offset += 1;
    return this.text.slice(start, this.offset);
  }
}

function decodeName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** PDF text strings: UTF-16BE with a BOM, UTF-8 with a BOM, else PDFDocEncoding (~Latin-1). */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}
