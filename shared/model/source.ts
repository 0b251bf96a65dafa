/**
 * A reference to a place in one evidence file: the file (as shown to the user, relative to the
 * folder the user chose) and an RFC 6901 JSON pointer. Lines and columns are resolved from it
 * only when a finding is reported, through the document set that parsed the file.
 */
export interface SourceRef {
  file: string;
  pointer: string;
}

/** Stable key of a SourceRef, used for de-duplication and grouping. */
export function sourceKey(ref: SourceRef): string {
  return `${ref.file}#${ref.pointer}`;
}

/** Escape one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  const s = String(segment);
  if (s.indexOf('~') === -1 && s.indexOf('/') === -1) return s;
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerSegment(segment: string): string {
  if (segment.indexOf('~') === -1) return segment;
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function childPointer(pointer: string, ...segments: (string | number)[]): string {
  let out = pointer;
  for (const s of segments) out += '/' + escapePointerSegment(s);
  return out;
}

export function childRef(ref: SourceRef, ...segments: (string | number)[]): SourceRef {
  let pointer = ref.pointer;
  for (let i = 0; i < segments.length; i++) pointer += '/' + escapePointerSegment(segments[i]!);
  return { file: ref.file, pointer };
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  const parts = p.split('/');
  parts.shift();
  if (p.indexOf('~') === -1) return parts;
  return parts.map(unescapePointerSegment);
}

import type { Location } from './finding.js';

/** Resolves SourceRefs against the parsed files: positions, values and text excerpts. */
export interface SourceIndex {
  /** Line/column of the node (for an object member: of its key). Unknown places give line 0. */
  locate(ref: SourceRef): Location;
  /** The parsed value at the pointer, undefined when absent. */
  valueAt(ref: SourceRef): unknown;
}
