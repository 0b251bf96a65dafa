/**
 * The position index of a gateway config made of JSON/YAML files (Kong decK, AWS exports,
 * CloudFormation templates, the AWS CLI's JSON, Tyk definitions): every file that contributed,
 * parsed once, answering line/column for JSON pointers in batches (one scan per JSON file).
 * It also turns "this node is wrong" into an ImportError that names the file, line and column.
 */
import type { Location } from '../../../model/finding.js';
import { sourceKey, type SourceRef } from '../../../model/source.js';
import { ImportError } from '../../import-error.js';
import { lineColumn, valueAtPointer, type ParsedText } from '../../text/parsed-text.js';
import type { GatewaySources } from '../gateway-importer.js';

export class ParsedSources implements GatewaySources {
  private readonly docs = new Map<string, ParsedText>();
  private readonly cache = new Map<string, Location>();

  add(doc: ParsedText): ParsedText {
    this.docs.set(doc.file, doc);
    return doc;
  }

  has(file: string): boolean {
    return this.docs.has(file);
  }

  get(file: string): ParsedText | undefined {
    return this.docs.get(file);
  }

  /** Every file added, in the order added. */
  get files(): string[] {
    return [...this.docs.keys()];
  }

  valueAt(ref: SourceRef): unknown {
    const doc = this.docs.get(ref.file);
    return doc ? valueAtPointer(doc.value, ref.pointer) : undefined;
  }

  locate(ref: SourceRef): Location {
    return this.locateMany([ref])[0]!;
  }

  locateMany(refs: readonly SourceRef[]): Location[] {
    const byFile = new Map<string, Set<string>>();
    for (const r of refs) {
      if (this.cache.has(sourceKey(r))) continue;
      let set = byFile.get(r.file);
      if (!set) byFile.set(r.file, (set = new Set()));
      set.add(r.pointer);
    }
    for (const [file, set] of byFile) {
      const pointers = [...set];
      const doc = this.docs.get(file);
      const offsets = doc ? doc.offsetsOf(pointers) : pointers.map(() => -1);
      pointers.forEach((pointer, i) => {
        const off = offsets[i] ?? -1;
        const lc = doc && off >= 0 ? lineColumn(doc.lineStarts, off) : { line: 0, column: 0 };
        this.cache.set(`${file}#${pointer}`, { file, pointer, line: lc.line, column: lc.column });
      });
    }
    return refs.map((r) => this.cache.get(sourceKey(r))!);
  }

  /** An ImportError located at the node the pointer names (or the deepest node that exists). */
  error(file: string, pointer: string, message: string): ImportError {
    const loc = this.docs.has(file) ? this.locate({ file, pointer }) : { line: 0, column: 0 };
    return new ImportError(file, message, loc.line, loc.column);
  }
}
