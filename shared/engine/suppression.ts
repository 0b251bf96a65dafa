/**
 * In-place suppression: `x-gatehouse-ignore` on a node of the evidence (or any node above it in
 * the same file) lists rule ids whose findings there are suppressed. The list form is
 * `[rule-id, ...]`; the map form `{rule-id: reason}` also records why.
 */
import { splitPointer, type SourceIndex, type SourceRef } from '../model/source.js';

export const IGNORE_KEY = 'x-gatehouse-ignore';

export interface Suppression {
  reason: string;
  /** Where the ignore was written. */
  at: SourceRef;
}

export function findSuppression(sources: SourceIndex, at: SourceRef, ruleId: string): Suppression | undefined {
  let node = sources.valueAt({ file: at.file, pointer: '' });
  const segments = splitPointer(at.pointer);
  let found: Suppression | undefined;
  for (let i = 0; ; i++) {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      const ignore = (node as Record<string, unknown>)[IGNORE_KEY];
      // The pointer of the ignoring node is spelled out only when there is one (rarely).
      const hit = ignore === undefined ? undefined : matches(ignore, ruleId);
      if (hit !== undefined) found = { reason: hit, at: { file: at.file, pointer: pointerOf(segments, i) } };
    }
    if (i >= segments.length || node === null || typeof node !== 'object') break;
    const seg = segments[i]!;
    node = Array.isArray(node) ? node[Number(seg)] : (node as Record<string, unknown>)[seg];
  }
  return found;
}

/** The pointer of the first `count` segments. */
function pointerOf(segments: readonly string[], count: number): string {
  let pointer = '';
  for (let i = 0; i < count; i++) pointer += '/' + segments[i]!.replace(/~/g, '~0').replace(/\//g, '~1');
  return pointer;
}

function matches(ignore: unknown, ruleId: string): string | undefined {
  if (Array.isArray(ignore)) return ignore.includes(ruleId) ? `${IGNORE_KEY} in the evidence` : undefined;
  if (ignore !== null && typeof ignore === 'object') {
    const reason = (ignore as Record<string, unknown>)[ruleId];
    if (reason === undefined) return undefined;
    return typeof reason === 'string' && reason.trim() ? reason.trim() : `${IGNORE_KEY} in the evidence`;
  }
  if (typeof ignore === 'string') return ignore === ruleId ? `${IGNORE_KEY} in the evidence` : undefined;
  return undefined;
}
