/**
 * Streams a log file as text without holding it: fs stream in 64 KB chunks, gunzip (node:zlib)
 * when the file starts with the gzip magic bytes, UTF-8 decoding that never splits a character,
 * a SHA-256 of the bytes as stored, and a progress callback by bytes read from disk.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';

export interface StreamedFile {
  /** Bytes of the file as stored (compressed when gzip). */
  fileBytes: number;
  /** Bytes of text after decompression. */
  textBytes: number;
  sha256: string;
  gzip: boolean;
}

export interface StreamOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  chunkBytes?: number;
}

/**
 * 64 KB: the text of a chunk stays a young-generation string (V8 puts strings over ~128 KB in
 * large-object space, where a 200 MB log would leave 200 MB of old garbage between full GCs).
 */
const CHUNK = 64 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function headBytes(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Streams `source` (bytes as stored) into `onText`, decompressing and decoding on the way. */
export async function streamText(source: Readable, total: number, gzip: boolean, onText: (text: string) => void, options: StreamOptions = {}): Promise<StreamedFile> {
  const hash = createHash('sha256');
  let fileBytes = 0;
  let textBytes = 0;
  let lastProgress = 0;
  source.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    fileBytes += chunk.length;
    if (options.onProgress && (fileBytes - lastProgress >= 4 * 1048576 || fileBytes === total)) {
      lastProgress = fileBytes;
      options.onProgress(fileBytes, total);
    }
  });
  const decoder = new StringDecoder('utf8');
  const text = gzip ? source.pipe(createGunzip({ chunkSize: CHUNK })) : source;
  if (gzip) source.on('error', (e) => text.destroy(e));
  for await (const chunk of text as AsyncIterable<Buffer>) {
    textBytes += chunk.length;
    const s = decoder.write(chunk);
    if (s) onText(s);
  }
  const rest = decoder.end();
  if (rest) onText(rest);
  options.onProgress?.(fileBytes, total);
  return { fileBytes, textBytes, sha256: hash.digest('hex'), gzip };
}

/** Streams a file from disk. */
export async function streamTextFile(file: string, onText: (text: string) => void, options: StreamOptions = {}): Promise<StreamedFile> {
  const total = statSync(file).size;
  const gzip = isGzip(headBytes(file, 2));
  const source = createReadStream(file, { highWaterMark: options.chunkBytes ?? CHUNK });
  return streamText(source, total, gzip, onText, options);
}

/** Streams bytes already in memory (an archive entry). */
export async function streamTextBytes(bytes: Buffer, onText: (text: string) => void, options: StreamOptions = {}): Promise<StreamedFile> {
  const chunk = options.chunkBytes ?? CHUNK;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return streamText(Readable.from(parts), bytes.length, isGzip(bytes), onText, options);
}

/** The first `n` bytes of text of a file (decompressed when gzip), for sniffing; `complete` when that is all of it. */
export function textHead(file: string, n = 65536): { text: string; complete: boolean } {
  const size = statSync(file).size;
  const raw = headBytes(file, n);
  if (!isGzip(raw)) {
    const text = new StringDecoder('utf8').write(raw);
    return { text, complete: raw.length >= size };
  }
  return gunzipHead(raw, raw.length >= size, n);
}

/** Decompresses as much of a gzip head as it holds (a cut stream is fine). */
export function gunzipHead(raw: Buffer, wholeFile: boolean, n = 65536): { text: string; complete: boolean } {
  try {
    const out = gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    const text = new StringDecoder('utf8').write(out.subarray(0, n));
    return { text, complete: wholeFile && out.length <= n };
  } catch {
    return { text: '', complete: false };
  }
}
