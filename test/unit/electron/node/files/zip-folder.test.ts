import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openZip, unsafeEntryName } from '../../../../../electron/node/files/zip-folder.js';
import { ImportError } from '../../../../../shared/importers/import-error.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-zip-'));
let n = 0;

function zipFile(files: Zippable, patch?: (b: Buffer) => void): string {
  const bytes = Buffer.from(zipSync(files));
  patch?.(bytes);
  const file = path.join(dir, `a${n++}.zip`);
  writeFileSync(file, bytes);
  return file;
}

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

/** Offsets of the central directory entries of a zip. */
function centralEntries(b: Buffer): number[] {
  const out: number[] = [];
  for (let i = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i !== -1; i = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 1)) out.push(i);
  return out;
}

describe('openZip', () => {
  it('opens an archive as a read-only folder: files, folders, heads and bytes read', () => {
    const file = zipFile({ apiproxy: { 'bundle.xml': strToU8('<APIProxy name="b"/>'), proxies: { 'default.xml': strToU8('<ProxyEndpoint name="default"/>') } }, '.git': { HEAD: strToU8('x') }, 'big.txt': new Uint8Array(200_000).fill(65) });
    const zip = openZip(file);
    expect(zip.label).toBe(file);
    expect(zip.listFiles()).toEqual(['apiproxy/bundle.xml', 'apiproxy/proxies/default.xml', 'big.txt']);
    expect(zip.listDir!('apiproxy')).toEqual([
      { name: 'bundle.xml', isDir: false },
      { name: 'proxies', isDir: true },
    ]);
    expect(zip.listDir!('nope')).toBeUndefined();
    expect(zip.head('apiproxy/bundle.xml')).toBe('<APIProxy name="b"/>');
    expect(zip.head('big.txt')).toHaveLength(65536);
    expect(zip.read.size).toBe(0);
    expect(zip.readText('apiproxy/./proxies/default.xml')).toBe('<ProxyEndpoint name="default"/>');
    expect(zip.readText('missing.xml')).toBeUndefined();
    expect([...zip.read.keys()]).toEqual(['apiproxy/proxies/default.xml']);
    expect(zip.readBytes('big.txt')!.length).toBe(200_000);
    expect(() => zip.readText('../outside.xml')).toThrow(ImportError);
  });

  it('refuses zip slip entries, naming the entry', () => {
    for (const [name, why] of [
      ['../evil.txt', 'climbs out'],
      ['apiproxy/../../evil.txt', 'climbs out'],
      ['/etc/passwd', 'absolute path'],
      ['C:/Windows/win.ini', 'drive letter'],
      ['apiproxy\\..\\..\\evil.txt', 'backslash'],
    ] as const) {
      const e = importError(() => openZip(zipFile({ 'ok.txt': strToU8('fine'), [name]: strToU8('x') })));
      expect(e.message, name).toContain(`entry "${name}" was refused`);
      expect(e.message, name).toContain(why);
      expect(e.message).toContain('zip slip');
    }
    expect(unsafeEntryName('apiproxy/policies/a.xml')).toBeUndefined();
    expect(unsafeEntryName('a/..b/c')).toBeUndefined();
  });

  it('refuses symbolic links', () => {
    const e = importError(() => openZip(zipFile({ link: [strToU8('/etc/passwd'), { attrs: (0o120777 << 16) >>> 0, os: 3 }] })));
    expect(e.message).toContain('entry "link" is a symbolic link');
  });

  it('refuses zip bombs: too many entries, declared sizes over the caps, an entry inflating past its declared size', () => {
    const many: Zippable = {};
    for (let i = 0; i < 30; i++) many[`f${i}.txt`] = strToU8('x');
    expect(importError(() => openZip(zipFile(many), { maxEntries: 20 })).message).toContain('30 entries');
    const zeros = new Uint8Array(3 * 1048576);
    expect(importError(() => openZip(zipFile({ 'z.bin': zeros }), { maxEntryBytes: 1048576 })).message).toMatch(/entry "z\.bin" declares 3\.0 MB; entries over 1\.0 MB are refused/);
    expect(importError(() => openZip(zipFile({ 'a.bin': zeros, 'b.bin': zeros }), { maxTotalBytes: 5 * 1048576 })).message).toContain('expands to more than 5.0 MB');
    // A header that lies about the size: 3 MB of zeros declared as 100 bytes.
    const liar = zipFile({ 'z.bin': zeros }, (b) => {
      for (const at of centralEntries(b)) b.writeUInt32LE(100, at + 24);
    });
    expect(importError(() => openZip(liar)).message).toContain('entry "z.bin" inflates beyond its declared 100 bytes');
  });

  it('refuses what is not a zip, and damaged archives', () => {
    const notZip = path.join(dir, 'not.zip');
    writeFileSync(notZip, 'just text');
    expect(importError(() => openZip(notZip)).message).toContain('not a zip archive');
    const truncated = zipFile({ 'a.txt': strToU8('hello hello hello hello') }, (b) => {
      for (const at of centralEntries(b)) b.writeUInt32LE(0x7fffff, at + 42);
    });
    expect(importError(() => openZip(truncated)).message).toContain('entry "a.txt" is damaged');
  });
});
