/**
 * A position index for formats that are not JSON/YAML (nginx.conf, policy XML): the importer
 * records, for each pointer it may report, the line and column it read it at, and the value.
 * Pointers are the importer's own stable paths (e.g. `/http/server/0/location/2/proxy_pass`).
 */
import type { Location } from '../../model/finding.js';
import type { SourceRef } from '../../model/source.js';
import { sourceKey } from '../../model/source.js';

export class MappedSources {
  private readonly positions = new Map<string, { line: number; column: number }>();
  private readonly values = new Map<string, unknown>();
  private readonly texts = new Map<string, string>();

  /** Remembers a file's text (for excerpts). */
  addFile(file: string, text: string): void {
    this.texts.set(file, text);
  }

  set(ref: SourceRef, line: number, column: number, value?: unknown): void {
    const key = sourceKey(ref);
    this.positions.set(key, { line, column });
    if (value !== undefined) this.values.set(key, value);
  }

  locate(ref: SourceRef): Location {
    return this.locateMany([ref])[0]!;
  }

  locateMany(refs: readonly SourceRef[]): Location[] {
    return refs.map((ref) => {
      // The deepest recorded ancestor stands in for a pointer that was not recorded itself.
      let pointer = ref.pointer;
      for (;;) {
        const p = this.positions.get(`${ref.file}#${pointer}`);
        if (p) return { file: ref.file, pointer: ref.pointer, line: p.line, column: p.column };
        if (pointer === '') return { file: ref.file, pointer: ref.pointer, line: this.texts.has(ref.file) ? 1 : 0, column: this.texts.has(ref.file) ? 1 : 0 };
        pointer = pointer.slice(0, pointer.lastIndexOf('/'));
      }
    });
  }

  valueAt(ref: SourceRef): unknown {
    return this.values.get(sourceKey(ref));
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }
}
