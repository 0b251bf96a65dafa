/**
 * A JSON or YAML file parsed into plain values, with the source offset of every container and
 * every object member / array item kept aside, so that a JSON pointer can be turned back into a
 * line and column without walking the text again.
 */
import { splitPointer } from '../../model/source.js';

/** Offsets kept for one object or array. */
export interface NodeOffsets {
  /** Offset of the container's first character. */
  at: number;
  /** Object: offset of each member's key. Array: offset of each item. */
  members: Record<string, number> | number[];
}

export interface ParsedText {
  file: string;
  format: 'json' | 'yaml';
  value: unknown;
  /** The source text, for excerpts. */
  text: string;
  /** Offsets of each line start (lineStarts[0] = 0). */
  readonly lineStarts: number[];
  /**
   * The offset that best shows each pointer: for an object member its key, for an array item
   * the item; for a pointer that goes further than the document, the deepest node reached.
   * Asked in batches because the JSON reader finds them in one scan of the text.
   */
  offsetsOf(pointers: readonly string[]): number[];
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** 1-based line and column of an offset. */
export function lineColumn(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}

/** offsetsOf for readers that kept a WeakMap of container offsets (the YAML reader). */
export function offsetOfPointerViaMap(root: unknown, offsets: WeakMap<object, NodeOffsets>, pointer: string): number {
  const segments = splitPointer(pointer);
  let node: unknown = root;
  let best = 0;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') break;
    const offs = offsets.get(node);
    if (!offs) break;
    const members = offs.members;
    const at = Array.isArray(members) ? members[Number(seg)] : members[seg];
    if (at === undefined) break;
    best = at;
    node = Array.isArray(node) ? node[Number(seg)] : (node as Record<string, unknown>)[seg];
  }
  return best;
}

/** The value at a JSON pointer, undefined when absent. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const seg of splitPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) node = node[Number(seg)];
    else {
      if (!Object.prototype.hasOwnProperty.call(node, seg)) return undefined;
      node = (node as Record<string, unknown>)[seg];
    }
  }
  return node;
}
