/**
 * The position index of a log file: findings point at lines (`/line/1234`), so locating is
 * reading the number back. `locateMany` is what the engine calls to resolve every location of a
 * traffic finding in one batch.
 */
import type { Location } from '../../model/finding.js';
import type { SourceRef } from '../../model/source.js';

/** The pointer of line n. */
export function linePointer(line: number): string {
  return `/line/${line}`;
}

export class LineSources {
  constructor(private readonly files: readonly string[]) {}

  locate(ref: SourceRef): Location {
    const m = /^\/line\/(\d+)$/.exec(ref.pointer);
    const known = this.files.includes(ref.file);
    return { file: ref.file, line: m && known ? Number(m[1]) : 0, column: m && known ? 1 : 0, pointer: ref.pointer };
  }

  locateMany(refs: readonly SourceRef[]): Location[] {
    return refs.map((r) => this.locate(r));
  }

  /** Log lines hold no `x-gatehouse-ignore`: nothing to read back. */
  valueAt(): unknown {
    return undefined;
  }
}
