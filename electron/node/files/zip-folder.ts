/**
 * An evidence archive (.zip, e.g. an Apigee proxy bundle) opened as an EvidenceContainer: the
 * importers read its entries exactly as they read a folder, and nothing is ever written to disk.
 *
 * Refused, with an ImportError naming the archive and the entry:
 * - zip slip: entry names with a `..` segment, an absolute path, a drive letter, a backslash
 *   (a Windows separator that would turn `..\x` into a path) or a NUL, and symbolic links;
 * - zip bombs: more than `maxEntries` entries, a declared size over `maxEntryBytes` for one entry
 *   or `maxTotalBytes` for all, or an entry that inflates past its declared size (counted while
 *   inflating, in small steps, so a lying header cannot exhaust memory);
 * - what cannot be read faithfully: encryption, ZIP64, compression other than stored/deflate.
 *
 * Entries are read from the central directory (the authoritative list) and inflated with fflate.
 */
import { readFileSync, statSync } from 'node:fs';
import { Inflate } from 'fflate';
import { normalizeRelativePath } from '../../../shared/importers/file-access.js';
import { ImportError } from '../../../shared/importers/import-error.js';
import type { EvidenceContainer } from './evidence-container.js';
import { MAX_EVIDENCE_BYTES } from './evidence-folder.js';

export interface ZipLimits {
  maxArchiveBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 200 * 1048576,
  maxEntries: 10_000,
  maxEntryBytes: MAX_EVIDENCE_BYTES,
  maxTotalBytes: 200 * 1048576,
};

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg', '__MACOSX']);
const INFLATE_STEP = 16 * 1024;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export function openZip(file: string, limits: Partial<ZipLimits> = {}): EvidenceContainer {
  const lim: ZipLimits = { ...ZIP_LIMITS, ...limits };
  const size = statSync(file).size;
  if (size > lim.maxArchiveBytes) throw new ImportError(file, `the archive is ${(size / 1048576).toFixed(1)} MB; archives over ${lim.maxArchiveBytes / 1048576} MB are refused`);
  const data = readFileSync(file);
  const entries = readCentralDirectory(data, file, lim);
  const contents = new Map<string, Buffer>();
  for (const e of entries) if (!e.name.endsWith('/')) contents.set(e.name, extract(data, e, file, lim));
  return new ZipContainer(file, contents);
}

class ZipContainer implements EvidenceContainer {
  readonly read = new Map<string, Buffer>();
  private readonly dirs = new Map<string, Map<string, boolean>>();

  constructor(
    readonly label: string,
    private readonly contents: Map<string, Buffer>,
  ) {
    for (const name of contents.keys()) {
      const parts = name.split('/');
      for (let i = 0; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        let m = this.dirs.get(dir);
        if (!m) this.dirs.set(dir, (m = new Map()));
        m.set(parts[i]!, i < parts.length - 1);
      }
    }
  }

  listFiles(): string[] {
    return [...this.contents.keys()].filter((n) => !n.split('/').some((p) => p.startsWith('.') || SKIP_DIRS.has(p))).sort();
  }

  listDir(relative: string): { name: string; isDir: boolean }[] | undefined {
    const rel = normalizeRelativePath(relative);
    if (rel === undefined) return undefined;
    const m = this.dirs.get(rel);
    return m ? [...m].map(([name, isDir]) => ({ name, isDir })).sort((a, b) => a.name.localeCompare(b.name)) : undefined;
  }

  head(relative: string): string {
    const bytes = this.contents.get(relative);
    return bytes ? bytes.subarray(0, 65536).toString('utf8') : '';
  }

  readText(relative: string): string | undefined {
    return this.readBytes(relative)?.toString('utf8');
  }

  readBytes(relative: string): Buffer | undefined {
    const rel = normalizeRelativePath(relative);
    if (rel === undefined) throw new ImportError(relative, 'path is outside the archive');
    const bytes = this.contents.get(rel);
    if (bytes) this.read.set(rel, bytes);
    return bytes;
  }
}

/** Why an entry name could escape the folder it would be extracted to, if it could. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\0')) return 'it contains a NUL character';
  if (name.includes('\\')) return 'it contains a backslash, which Windows reads as a path separator';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'it starts with a drive letter';
  if (name.split('/').includes('..')) return 'it climbs out of the archive folder with ".."';
  return undefined;
}

function readCentralDirectory(data: Buffer, file: string, lim: ZipLimits): Entry[] {
  // End of central directory: 22 bytes plus a comment of up to 65535.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ImportError(file, 'not a zip archive (no end of central directory record)');
  const count = data.readUInt16LE(eocd + 10);
  const cdSize = data.readUInt32LE(eocd + 12);
  const cdOffset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ImportError(file, 'ZIP64 archives are not supported; repack the evidence as a plain zip');
  if (count > lim.maxEntries) throw new ImportError(file, `the archive has ${count} entries; archives with more than ${lim.maxEntries} are refused (zip bomb protection)`);
  if (cdOffset + cdSize > data.length) throw new ImportError(file, 'the archive is truncated or corrupt (central directory out of bounds)');

  const entries: Entry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) throw new ImportError(file, `the archive is corrupt (central directory entry ${i + 1} is damaged)`);
    const flags = data.readUInt16LE(p + 8);
    const method = data.readUInt16LE(p + 10);
    const compressedSize = data.readUInt32LE(p + 20);
    const size = data.readUInt32LE(p + 24);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    const externalAttrs = data.readUInt32LE(p + 38);
    const localOffset = data.readUInt32LE(p + 42);
    const nameBytes = data.subarray(p + 46, p + 46 + nameLength);
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLength + extraLength + commentLength;

    const unsafe = unsafeEntryName(name);
    if (unsafe) throw new ImportError(file, `entry "${name}" was refused: ${unsafe} (zip slip); the archive was not read`);
    if (((externalAttrs >>> 16) & 0o170000) === 0o120000) throw new ImportError(file, `entry "${name}" is a symbolic link; archives with links are refused`);
    if (name.endsWith('/')) {
      entries.push({ name, method, compressedSize, size, localOffset });
      continue;
    }
    if (flags & 0x1) throw new ImportError(file, `entry "${name}" is encrypted; encrypted archives are not supported`);
    if (method !== 0 && method !== 8) throw new ImportError(file, `entry "${name}" uses compression method ${method}; only stored and deflate are supported`);
    if (size === 0xffffffff || compressedSize === 0xffffffff) throw new ImportError(file, 'ZIP64 archives are not supported; repack the evidence as a plain zip');
    if (size > lim.maxEntryBytes) throw new ImportError(file, `entry "${name}" declares ${(size / 1048576).toFixed(1)} MB; entries over ${(lim.maxEntryBytes / 1048576).toFixed(1)} MB are refused (zip bomb protection)`);
    total += size;
    if (total > lim.maxTotalBytes) throw new ImportError(file, `the archive expands to more than ${(lim.maxTotalBytes / 1048576).toFixed(1)} MB; it was refused (zip bomb protection)`);
    entries.push({ name, method, compressedSize, size, localOffset });
  }
  return entries;
}

function extract(data: Buffer, e: Entry, file: string, lim: ZipLimits): Buffer {
  const h = e.localOffset;
  if (h + 30 > data.length || data.readUInt32LE(h) !== 0x04034b50) throw new ImportError(file, `entry "${e.name}" is damaged (no local header)`);
  const start = h + 30 + data.readUInt16LE(h + 26) + data.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (end > data.length) throw new ImportError(file, `entry "${e.name}" is truncated`);
  const raw = data.subarray(start, end);
  if (e.method === 0) {
    if (raw.length !== e.size) throw new ImportError(file, `entry "${e.name}" is damaged (stored size mismatch)`);
    return Buffer.from(raw);
  }
  const cap = Math.min(e.size, lim.maxEntryBytes);
  const chunks: Uint8Array[] = [];
  let produced = 0;
  const inflate = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > cap) throw new ImportError(file, `entry "${e.name}" inflates beyond its declared ${e.size} bytes; the archive was refused (zip bomb protection)`);
    chunks.push(chunk);
  });
  try {
    for (let i = 0; i < raw.length; i += INFLATE_STEP) inflate.push(raw.subarray(i, Math.min(raw.length, i + INFLATE_STEP)), i + INFLATE_STEP >= raw.length);
    if (raw.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(file, `entry "${e.name}" could not be inflated: ${(err as Error).message}`);
  }
  if (produced !== e.size) throw new ImportError(file, `entry "${e.name}" is damaged (inflated to ${produced} bytes, ${e.size} declared)`);
  return Buffer.concat(chunks);
}
