/**
 * The files of one API description: the root and every file its `$ref`s reach inside the
 * chosen folder, parsed once each. Resolves references and answers positions for findings.
 * Network references and references that leave the folder are never followed: they are
 * recorded as problems for the rules to report.
 */
import type { Location } from '../../model/finding.js';
import type { SourceIndex, SourceRef } from '../../model/source.js';
import { sourceKey } from '../../model/source.js';
import type { SpecProblem } from '../../model/spec.js';
import { dirnameOf, joinRelative, type FileAccess } from '../file-access.js';
import { ImportError } from '../import-error.js';
import { lineColumn, valueAtPointer, type ParsedText } from '../text/parsed-text.js';
import { parseStructured } from '../text/parse-structured.js';

export type RefResolution = { ok: true; target: SourceRef; value: unknown } | { ok: false };

export class DocumentSet implements SourceIndex {
  readonly docs = new Map<string, ParsedText>();
  readonly problems: SpecProblem[] = [];
  private readonly problemKeys = new Set<string>();
  private readonly locateCache = new Map<string, Location>();
  /** Successful resolutions by referring file and `$ref` text (the same few targets are referenced thousands of times). */
  private readonly resolved = new Map<string, RefResolution>();

  constructor(
    private readonly files: FileAccess,
    readonly rootFile: string,
    rootText?: string,
  ) {
    if (rootText !== undefined) this.docs.set(rootFile, parseStructured(rootText, rootFile));
  }

  /** The parsed file; throws ImportError if it is missing or broken. */
  load(file: string): ParsedText {
    const known = this.docs.get(file);
    if (known) return known;
    const text = this.files.readText(file);
    if (text === undefined) throw new ImportError(file, 'file not found');
    const parsed = parseStructured(text, file);
    this.docs.set(file, parsed);
    return parsed;
  }

  get root(): ParsedText {
    return this.load(this.rootFile);
  }

  /**
   * Follows one `$ref` written at `from`. Returns the target and its value, or records why it
   * cannot be followed (external URL, outside the folder, missing file or pointer).
   */
  resolve(ref: string, from: SourceRef): RefResolution {
    const key = `${from.file}\n${ref}`;
    const known = this.resolved.get(key);
    if (known) return known;
    const r = this.resolveOnce(ref, from);
    // Failures are not kept: each place that writes a broken reference records its own problem.
    if (r.ok) this.resolved.set(key, r);
    return r;
  }

  private resolveOnce(ref: string, from: SourceRef): RefResolution {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    let fragment = hash === -1 ? '' : ref.slice(hash + 1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      /* keep as written */
    }
    if (fragment && !fragment.startsWith('/')) {
      this.problem('unresolved-ref', `$ref "${ref}" uses a plain-name fragment, which is not supported`, from);
      return { ok: false };
    }
    let file = from.file;
    if (filePart) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
        this.problem('external-ref', `$ref "${ref}" points to a network location; Gatehouse never fetches it, so what it defines was not audited`, from);
        return { ok: false };
      }
      const joined = joinRelative(dirnameOf(from.file), filePart);
      if (joined === undefined) {
        this.problem('outside-ref', `$ref "${ref}" points outside the folder that was imported; it was not followed`, from);
        return { ok: false };
      }
      file = joined;
    }
    let doc: ParsedText;
    try {
      doc = this.load(file);
    } catch (e) {
      if (e instanceof ImportError && e.reason === 'file not found') {
        this.problem('unresolved-ref', `$ref "${ref}": file ${file} not found`, from);
        return { ok: false };
      }
      throw e;
    }
    const value = valueAtPointer(doc.value, fragment);
    if (value === undefined) {
      this.problem('unresolved-ref', `$ref "${ref}" points to nothing (${fragment || 'document root'} does not exist in ${file})`, from);
      return { ok: false };
    }
    return { ok: true, target: { file, pointer: fragment }, value };
  }

  problem(kind: SpecProblem['kind'], message: string, at: SourceRef): void {
    const key = `${kind} ${sourceKey(at)}`;
    if (this.problemKeys.has(key)) return;
    this.problemKeys.add(key);
    this.problems.push({ kind, message, at });
  }

  valueAt(ref: SourceRef): unknown {
    const doc = this.docs.get(ref.file);
    return doc ? valueAtPointer(doc.value, ref.pointer) : undefined;
  }

  locate(ref: SourceRef): Location {
    return this.locateMany([ref])[0]!;
  }

  /** Positions for many places at once (one scan per JSON file). */
  locateMany(refs: readonly SourceRef[]): Location[] {
    const byFile = new Map<string, string[]>();
    for (const r of refs) {
      if (this.locateCache.has(sourceKey(r))) continue;
      let list = byFile.get(r.file);
      if (!list) byFile.set(r.file, (list = []));
      list.push(r.pointer);
    }
    for (const [file, pointers] of byFile) {
      const doc = this.docs.get(file);
      const unique = [...new Set(pointers)];
      const offsets = doc ? doc.offsetsOf(unique) : unique.map(() => -1);
      unique.forEach((pointer, i) => {
        const off = offsets[i] ?? -1;
        const lc = doc && off >= 0 ? lineColumn(doc.lineStarts, off) : { line: 0, column: 0 };
        this.locateCache.set(`${file}#${pointer}`, { file, pointer, line: lc.line, column: lc.column });
      });
    }
    return refs.map((r) => this.locateCache.get(sourceKey(r))!);
  }

  /** Lines [from, to] (1-based, inclusive) of a file, for evidence excerpts. */
  lines(file: string, from: number, to: number): string[] {
    const doc = this.docs.get(file);
    if (!doc) return [];
    const starts = doc.lineStarts;
    const out: string[] = [];
    for (let l = Math.max(1, from); l <= Math.min(to, starts.length); l++) {
      const s = starts[l - 1]!;
      const e = l < starts.length ? starts[l]! - 1 : doc.text.length;
      out.push(doc.text.slice(s, e).replace(/\r$/, ''));
    }
    return out;
  }
}
