/**
 * Large logs are read by two worker threads at once, each streaming one half of the file (split
 * at a line end) through its own importer; the main thread stores the batches they post, hashes
 * the file, and joins their parts into the summary a single pass would give (joinTrafficParts:
 * counts add up, samples stay in file order, what runs across the seam is joined). Used for
 * plain (not gzip) line-based logs over PARALLEL_MIN_BYTES, when the worker script is built.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EncodedBatch } from '../../../shared/importers/traffic/batch-codec.js';
import { TrafficAccumulator } from '../../../shared/importers/traffic/accumulator.js';
import type { TrafficSniff } from '../../../shared/importers/traffic/sniff.js';
import { joinTrafficParts, type TrafficImportResult, type TrafficPart } from '../../../shared/importers/traffic/traffic-importer.js';
import type { StreamedFile } from './read-text-stream.js';
import type { WorkerInput, WorkerMessage } from './import-worker.js';

/** Files from this size up are read in parallel (GATEHOUSE_TRAFFIC_PARALLEL_BYTES overrides it; 0 turns it off). */
export const PARALLEL_MIN_BYTES = Number(process.env.GATEHOUSE_TRAFFIC_PARALLEL_BYTES ?? 32 * 1048576);

/**
 * Young generation per worker: requests die young, so a small one keeps the peak memory of three
 * heaps low; 24 MB scavenges a third less often than 16 for the same peak (32 adds ~30 MB).
 */
const YOUNG_MB = Number(process.env.GATEHOUSE_TRAFFIC_WORKER_YOUNG_MB ?? 24);
const OLD_MB = Number(process.env.GATEHOUSE_TRAFFIC_WORKER_OLD_MB ?? 512);

/** The compiled worker script (build/…/import-worker.js), also when this module runs from TypeScript sources. */
export function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const beside = path.join(path.dirname(here), 'import-worker.js');
  if (here.endsWith('.js') && existsSync(beside)) return beside;
  const built = path.resolve(path.dirname(here), '../../../build/electron/node/traffic/import-worker.js');
  return existsSync(built) ? built : undefined;
}

export interface ParallelOptions extends Omit<WorkerInput, 'path' | 'file' | 'start' | 'end' | 'lineOffset' | 'batchOffset' | 'sniffed'> {
  onBatch?: (batch: EncodedBatch) => void;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Whether a file qualifies for the parallel reader. */
export function parallelSuits(realPath: string, sniffed: TrafficSniff | undefined): boolean {
  if (!sniffed || (sniffed.mode !== 'lines' && sniffed.mode !== 'json-lines') || PARALLEL_MIN_BYTES <= 0) return false;
  const size = statSync(realPath).size;
  if (size < PARALLEL_MIN_BYTES || !workerScript()) return false;
  const fd = openSync(realPath, 'r');
  try {
    const magic = Buffer.alloc(2);
    readSync(fd, magic, 0, 2, 0);
    return !(magic[0] === 0x1f && magic[1] === 0x8b);
  } finally {
    closeSync(fd);
  }
}

/**
 * Where the second part starts, as a share of the file. A little less than half: the second
 * worker can only start once this thread has counted the lines before it (its first line
 * number), so it gets a little less to read and the two finish together.
 */
const SECOND_PART_AT = 0.485;

/** The offset just after the first newline at or after `from`, or undefined. */
function lineEndAfter(realPath: string, from: number): number | undefined {
  const fd = openSync(realPath, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let at = from; ; at += buf.length) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n <= 0) return undefined;
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl !== -1) return at + nl + 1;
    }
  } finally {
    closeSync(fd);
  }
}

export async function importInParallel(
  realPath: string,
  file: string,
  sniffed: TrafficSniff,
  options: ParallelOptions,
): Promise<(TrafficImportResult & { stream: StreamedFile }) | undefined> {
  const script = workerScript();
  const size = statSync(realPath).size;
  const split = lineEndAfter(realPath, Math.floor(size * SECOND_PART_AT));
  if (!script || split === undefined || split >= size) return undefined;
  const { onBatch, onProgress, ...shared } = options;

  let read = 0;
  const workers: Worker[] = [];
  const start = (part: number, from: number, to: number, lineOffset: number): Promise<{ part: TrafficPart; textBytes: number }> =>
    new Promise((resolve, reject) => {
      const input: WorkerInput = { ...shared, path: realPath, file, start: from, end: to, lineOffset, batchOffset: part * 1_000_000_000, sniffed };
      const w = new Worker(script, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB, maxOldGenerationSizeMb: OLD_MB } });
      workers.push(w);
      let done = false;
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'batch') onBatch?.(m.batch);
        else if (m.type === 'progress') {
          read += m.bytes;
          onProgress?.(read, size);
        } else {
          done = true;
          // Revived on arrival: the first part's while the second worker is still reading.
          try {
            resolve({ part: { ...m.part, accumulator: TrafficAccumulator.revive(m.part.accumulator) }, textBytes: m.textBytes });
          } catch (e) {
            reject(e as Error);
          }
        }
      });
      w.on('error', reject);
      w.on('exit', (code) => {
        if (!done) reject(new Error(`traffic import worker stopped (exit code ${code}) before it finished ${file}`));
      });
    });

  try {
    const first = start(0, 0, split - 1, 0);
    // Hash the whole file through one reused buffer (no garbage), counting the lines of the first
    // half on the way; the second half starts as soon as its first line number is known.
    const hash = createHash('sha256');
    let lines = 0;
    let second: Promise<{ part: TrafficPart; textBytes: number }> | undefined;
    const buf = Buffer.allocUnsafe(1 << 20);
    const fd = openSync(realPath, 'r');
    try {
      for (let at = 0; ; ) {
        const n = readSync(fd, buf, 0, buf.length, at);
        if (n <= 0) break;
        const chunk = buf.subarray(0, n);
        hash.update(chunk);
        if (!second) {
          const upto = Math.min(n, split - at);
          for (let i = chunk.indexOf(10); i !== -1 && i < upto; i = chunk.indexOf(10, i + 1)) lines++;
          if (at + n >= split) second = start(1, split, size - 1, lines);
        }
        at += n;
        // Let the workers' messages (batches to store) through now and then.
        if ((at & ((16 << 20) - 1)) === 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      closeSync(fd);
    }
    second ??= start(1, split, size - 1, lines);
    const parts = await Promise.all([first, second]);
    const revived = parts.map(({ part }) => part);
    const textBytes = parts.reduce((n, p) => n + p.textBytes, 0);
    const sha256 = hash.digest('hex');
    const result = joinTrafficParts(revived, { file: size, text: textBytes }, sha256);
    return { ...result, stream: { fileBytes: size, textBytes, sha256, gzip: false } };
  } finally {
    for (const w of workers) void w.terminate();
  }
}
