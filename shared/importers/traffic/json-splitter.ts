/**
 * Streams one JSON document and hands over, one at a time, the elements of the arrays it is
 * told to look for (`log.entries` of a HAR, `events` of `aws logs filter-log-events`, `records`
 * of an Azure diagnostic export, the root array of an http-log batch), each as its own text with
 * the line it starts on. The document is never held whole: only the element being read is.
 * When the root is an object and holds none of those arrays (a pretty-printed Kong record), the
 * root itself is the one element.
 *
 * The structure is checked as it streams (brackets, commas, colons, keys), so a broken file is
 * reported at its line and column; the elements themselves are parsed by the caller.
 */

export interface SplitterProblem {
  line: number;
  column: number;
  message: string;
}

type Expect = 'value' | 'key' | 'colon' | 'comma-or-end' | 'value-or-end' | 'key-or-end';

interface Frame {
  kind: 'object' | 'array';
  expect: Expect;
  /** The key being read or last read (objects), for path matching. */
  key: string;
  /** Elements of this array are emitted. */
  target: boolean;
  /** The dotted path of a target array. */
  path: string;
}

/** A root object is kept whole (to be the one element) only up to this many characters. */
const ROOT_CAPTURE_LIMIT = 64 * 1024 * 1024;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

export class JsonElementSplitter {
  private readonly targets: ReadonlySet<string>;
  private readonly stack: Frame[] = [];
  private rootSeen = false;
  private rootDone = false;
  private inString = false;
  private stringIsKey = false;
  private keyBuf = '';
  private escape = false;
  private inPrimitive = false;
  private line = 1;
  private column = 0;
  // Element capture: the depth of the target array, the text so far, where it starts in this chunk.
  private captureDepth = -1;
  private captureParts: string[] = [];
  private captureFrom = 0;
  private captureLine = 0;
  private captureArray = '';
  private elementIndex = 0;
  // Root capture (a root object that turns out to hold no target array).
  private rootParts: string[] | undefined;
  private rootFrom = 0;
  private rootSize = 0;
  private rootLine = 1;
  private failure: SplitterProblem | undefined;
  /** Paths of the target arrays found, e.g. `log.entries`. */
  readonly arraysFound: string[] = [];

  /**
   * @param targets dotted paths of arrays whose elements to emit (`log.entries`, `events`); `''` for a root array.
   * @param onElement called with each element's text, the line it starts on, its index in its array and the array's path.
   */
  constructor(
    targets: readonly string[],
    private readonly onElement: (text: string, line: number, index: number, array: string) => void,
  ) {
    this.targets = new Set(targets);
  }

  get problem(): SplitterProblem | undefined {
    return this.failure;
  }

  /** Lines read so far. */
  get lines(): number {
    return this.line;
  }

  /** The root value's kind once seen. */
  rootKind: 'object' | 'array' | 'other' | undefined;

  private fail(message: string): void {
    if (!this.failure) this.failure = { line: this.line, column: this.column, message };
  }

  private path(): string {
    let p = '';
    for (let k = 0; k < this.stack.length; k++) {
      const f = this.stack[k]!;
      p += (k ? '.' : '') + (f.kind === 'object' ? f.key : '*');
    }
    return p;
  }

  push(chunk: string): void {
    if (this.failure) return;
    this.captureFrom = 0;
    this.rootFrom = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.column = 0;
      } else this.column++;

      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          if (this.stringIsKey) this.keyBuf += chunk[i];
          continue;
        }
        if (c === 92) {
          this.escape = true;
          if (this.stringIsKey) this.keyBuf += '\\';
          continue;
        }
        if (c === 34) {
          this.inString = false;
          if (this.stringIsKey) {
            const top = this.stack[this.stack.length - 1]!;
            top.key = this.keyBuf.length < 200 ? this.keyBuf : this.keyBuf.slice(0, 200);
            top.expect = 'colon';
          } else this.endValue(i + 1, chunk);
          continue;
        }
        // Skip to the next quote or backslash.
        let j = i + 1;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === 34 || d === 92 || d === 10) break;
          j++;
        }
        if (this.stringIsKey && this.keyBuf.length < 200) this.keyBuf += chunk.slice(i, j);
        this.column += j - i - 1;
        i = j - 1;
        continue;
      }

      if (this.inPrimitive) {
        if (c === 44 || c === 93 || c === 125 || isSpace(c)) {
          this.inPrimitive = false;
          this.endValue(i, chunk);
          if (this.failure) return;
        } else continue;
      }

      if (isSpace(c) || (c === 0xfeff && !this.rootSeen)) continue;
      if (this.rootDone) return this.fail('unexpected text after the end of the JSON document');
      const top = this.stack[this.stack.length - 1];
      const expect: Expect = top ? top.expect : 'value';

      switch (c) {
        case 123: // {
        case 91: {
          // [
          if (expect !== 'value' && expect !== 'value-or-end') return this.fail(`unexpected "${chunk[i]}" (expected ${describe(expect)})`);
          const isArray = c === 91;
          let target = false;
          const here = isArray ? this.path() : '';
          if (isArray && this.targets.has(here)) {
            target = true;
            this.arraysFound.push(here);
            this.rootParts = undefined;
          }
          if (!this.rootSeen) {
            this.rootSeen = true;
            this.rootKind = isArray ? 'array' : 'object';
            this.rootLine = this.line;
            if (!isArray) {
              this.rootParts = [];
              this.rootFrom = i;
            }
          }
          this.startValue(i);
          this.stack.push({ kind: isArray ? 'array' : 'object', expect: isArray ? 'value-or-end' : 'key-or-end', key: '', target, path: here });
          if (target) this.elementIndex = 0;
          continue;
        }
        case 125: // }
        case 93: {
          // ]
          if (!top) return this.fail(`unexpected "${chunk[i]}"`);
          const closes = c === 125 ? 'object' : 'array';
          if (top.kind !== closes) return this.fail(`"${chunk[i]}" cannot close an ${top.kind}`);
          if (top.expect !== 'comma-or-end' && top.expect !== 'key-or-end' && top.expect !== 'value-or-end')
            return this.fail(`unexpected "${chunk[i]}" (expected ${describe(top.expect)})`);
          this.stack.pop();
          this.endValue(i + 1, chunk);
          continue;
        }
        case 44: // ,
          if (!top || top.expect !== 'comma-or-end') return this.fail('unexpected ","');
          top.expect = top.kind === 'object' ? 'key' : 'value';
          continue;
        case 58: // :
          if (!top || top.expect !== 'colon') return this.fail('unexpected ":"');
          top.expect = 'value';
          continue;
        case 34: // "
          if (expect === 'key' || expect === 'key-or-end') {
            this.inString = true;
            this.stringIsKey = true;
            this.keyBuf = '';
            continue;
          }
          if (expect !== 'value' && expect !== 'value-or-end') return this.fail(`unexpected string (expected ${describe(expect)})`);
          if (!this.rootSeen) {
            this.rootSeen = true;
            this.rootKind = 'other';
          }
          this.startValue(i);
          this.inString = true;
          this.stringIsKey = false;
          continue;
        default:
          if (expect !== 'value' && expect !== 'value-or-end') return this.fail(`unexpected "${chunk[i]}" (expected ${describe(expect)})`);
          if (!(c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110)) return this.fail(`unexpected "${chunk[i]}"`);
          if (!this.rootSeen) {
            this.rootSeen = true;
            this.rootKind = 'other';
          }
          this.startValue(i);
          this.inPrimitive = true;
      }
    }
    // Keep the tail of whatever element (or root object) is still being read.
    if (this.captureDepth !== -1) this.captureParts.push(chunk.slice(this.captureFrom));
    if (this.rootParts && !this.rootDone) {
      const part = chunk.slice(this.rootFrom);
      this.rootSize += part.length;
      if (this.rootSize > ROOT_CAPTURE_LIMIT) this.rootParts = undefined;
      else this.rootParts.push(part);
    }
  }

  /** A value starts at index i of the chunk. */
  private startValue(i: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    top.expect = 'comma-or-end';
    if (this.captureDepth === -1 && top.target) {
      this.captureDepth = this.stack.length;
      this.captureParts = [];
      this.captureFrom = i;
      this.captureLine = this.line;
      this.captureArray = top.path;
    }
  }

  /** A value ended just before index `end` of the chunk. */
  private endValue(end: number, chunk: string): void {
    if (this.captureDepth !== -1 && this.stack.length === this.captureDepth) {
      this.captureParts.push(chunk.slice(this.captureFrom, end));
      this.captureDepth = -1;
      const text = this.captureParts.join('');
      this.captureParts = [];
      this.onElement(text, this.captureLine, this.elementIndex++, this.captureArray);
    }
    if (this.stack.length === 0) {
      this.rootDone = true;
      if (this.rootParts) {
        this.rootParts.push(chunk.slice(this.rootFrom, end));
        const text = this.rootParts.join('');
        this.rootParts = undefined;
        if (this.arraysFound.length === 0 && this.rootKind === 'object') this.onElement(text, this.rootLine, 0, '');
      }
    }
  }

  /** Ends the document: a truncated or empty document is a problem. */
  end(): void {
    if (this.failure) return;
    if (this.inPrimitive) {
      this.inPrimitive = false;
      this.endValue(0, '');
    }
    if (!this.rootSeen) return this.fail('the file holds no JSON');
    if (!this.rootDone || this.stack.length || this.inString) this.fail('the JSON document ends before it is complete');
  }
}

function describe(e: Expect): string {
  switch (e) {
    case 'value':
      return 'a value';
    case 'value-or-end':
      return 'a value or "]"';
    case 'key':
      return 'a key';
    case 'key-or-end':
      return 'a key or "}"';
    case 'colon':
      return '":"';
    case 'comma-or-end':
      return '"," or the end of the container';
  }
}
