/**
 * Typed reads from a parsed JSON/YAML document for the gateway importers of group A. A value of
 * the wrong shape where the importer needs it (a list that is a string, an entity that is not a
 * mapping) is bad input: it becomes an ImportError at that node's line. Absent and null values
 * are simply absent. Scalars are read leniently the way YAML authors write them ("8080", "true").
 */
import { childPointer, type SourceRef } from '../../../model/source.js';
import type { ParsedSources } from './a-parsed-sources.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A string value, or the text of a number/boolean; undefined otherwise. */
export function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

export function asBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True' || v === 'TRUE') return true;
  if (v === 'false' || v === 'False' || v === 'FALSE') return false;
  return undefined;
}

/** Strings of a list (non-strings skipped); a lone string counts as a one-item list. */
export function asTextList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return [];
  return v.map(asText).filter((s): s is string => s !== undefined);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

/** Reads one file's values, failing with the file and line of the offending node. */
export class NodeReader {
  constructor(
    private readonly sources: ParsedSources,
    readonly file: string,
  ) {}

  ref(pointer: string, ...segments: (string | number)[]): SourceRef {
    return { file: this.file, pointer: segments.length ? childPointer(pointer, ...segments) : pointer };
  }

  fail(pointer: string, message: string): never {
    throw this.sources.error(this.file, pointer, message);
  }

  /** The value must be a mapping. */
  obj(v: unknown, pointer: string, what: string): Obj {
    if (!isObj(v)) this.fail(pointer, `${what} must be a mapping (found ${kindOf(v)})`);
    return v;
  }

  /** A member that must be a mapping when present. */
  optObj(parent: Obj, key: string, pointer: string, what = key): Obj | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    return this.obj(v, childPointer(pointer, key), what);
  }

  /** A member that must be a list when present ([] when absent). */
  list(parent: Obj, key: string, pointer: string, what = key): unknown[] {
    const v = parent[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(childPointer(pointer, key), `${what} must be a list (found ${kindOf(v)})`);
    return v;
  }

  /** A member that must be a scalar when present. */
  optText(parent: Obj, key: string, pointer: string, what = key): string | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    const s = asText(v);
    if (s === undefined) this.fail(childPointer(pointer, key), `${what} must be a text value (found ${kindOf(v)})`);
    return s;
  }

  optNumber(parent: Obj, key: string, pointer: string, what = key): number | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    const n = asNumber(v);
    if (n === undefined) this.fail(childPointer(pointer, key), `${what} must be a number (found ${kindOf(v)}${typeof v === 'string' ? ` "${v}"` : ''})`);
    return n;
  }

  optBool(parent: Obj, key: string, pointer: string, what = key): boolean | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    const b = asBool(v);
    if (b === undefined) this.fail(childPointer(pointer, key), `${what} must be true or false (found ${kindOf(v)})`);
    return b;
  }

  /** A list of text values (a lone string is accepted as a one-item list). */
  textList(parent: Obj, key: string, pointer: string, what = key): string[] {
    const v = parent[key];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v)) this.fail(childPointer(pointer, key), `${what} must be a list (found ${kindOf(v)})`);
    return v.map((item, i) => {
      const s = asText(item);
      if (s === undefined) this.fail(childPointer(pointer, key, i), `${what} items must be text values (found ${kindOf(item)})`);
      return s;
    });
  }
}
