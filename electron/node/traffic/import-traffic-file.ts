/**
 * Imports one traffic file: streams it from the evidence folder (or an archive entry) through
 * the pure TrafficImporter, and hands each encoded batch to the caller (the workspace store).
 * Returns the summary the rules read and the position index their findings resolve against.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ImportError } from '../../../shared/importers/import-error.js';
import { LineSources } from '../../../shared/importers/traffic/line-sources.js';
import { TrafficImporter, type TrafficImportOptions, type TrafficImportResult } from '../../../shared/importers/traffic/traffic-importer.js';
import type { TrafficSniff } from '../../../shared/importers/traffic/sniff.js';
import type { EncodedBatch } from '../../../shared/importers/traffic/batch-codec.js';
import type { EvidenceContainer } from '../files/evidence-container.js';
import { EvidenceFolder } from '../files/evidence-folder.js';
import { gunzipBase64 } from './gunzip-base64.js';
import { importInParallel, parallelSuits } from './parallel-import.js';
import { streamTextBytes, streamTextFile, type StreamedFile } from './read-text-stream.js';

export { gunzipBase64 } from './gunzip-base64.js';

export interface TrafficFileOptions extends Omit<TrafficImportOptions, 'file' | 'onBatch' | 'sniffed' | 'gunzipBase64'> {
  onBatch?: (batch: EncodedBatch) => void;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * What a worker thread needs to redo `pseudonymize` and `logFormat` (functions do not cross
   * threads): with them, a large plain log is read by two workers at once.
   */
  parallel?: { key?: Buffer; logFormat?: string };
}

export interface TrafficFileImport extends TrafficImportResult {
  file: string;
  sources: LineSources;
  stream: StreamedFile;
}

/** The absolute path of a file in an evidence folder, refusing links that lead out of it. */
export function confinedPath(folder: EvidenceFolder, file: string): string {
  const full = path.join(folder.root, file);
  const real = realpathSync(full);
  const root = realpathSync(folder.root);
  if (real !== root && !real.startsWith(root + path.sep)) throw new ImportError(file, 'the file is a link that leads outside the imported folder; it was not read');
  if (!statSync(real).isFile()) throw new ImportError(file, 'not a file');
  return real;
}

export async function importTrafficFile(container: EvidenceContainer, file: string, sniffed: TrafficSniff | undefined, options: TrafficFileOptions): Promise<TrafficFileImport> {
  const p = options.parallel;
  // Workers rebuild the key and the log format from what `parallel` carries: it must carry both when they are used.
  const shippable = p !== undefined && (options.pseudonymize === undefined) === (p.key === undefined) && (options.logFormat === undefined) === (p.logFormat === undefined);
  if (container instanceof EvidenceFolder && sniffed && shippable) {
    const real = confinedPath(container, file);
    if (parallelSuits(real, sniffed)) {
      const parallel: Parameters<typeof importInParallel>[3] = { maskUrls: options.maskUrls ?? true, endpoints: [...(options.endpoints ?? [])], basePaths: [...(options.basePaths ?? [])], store: options.onBatch !== undefined };
      if (p!.key) parallel.key = new Uint8Array(p!.key);
      if (p!.logFormat) parallel.logFormat = p!.logFormat;
      if (options.fieldMap) parallel.fieldMap = options.fieldMap;
      if (options.batchSize) parallel.batchSize = options.batchSize;
      if (options.onBatch) parallel.onBatch = options.onBatch;
      if (options.onProgress) parallel.onProgress = options.onProgress;
      const result = await importInParallel(real, file, sniffed, parallel);
      if (result) return { ...result, file, sources: new LineSources([file]) };
    }
  }
  const { parallel: _parallel, ...rest } = options;
  const importerOptions: TrafficImportOptions = { ...rest, file, gunzipBase64 };
  if (sniffed) importerOptions.sniffed = sniffed;
  const importer = new TrafficImporter(importerOptions);
  const onText = (text: string): void => importer.push(text);
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  let stream: StreamedFile;
  if (container instanceof EvidenceFolder) stream = await streamTextFile(confinedPath(container, file), onText, progress);
  else {
    const bytes = container.readBytes(file);
    if (!bytes) throw new ImportError(file, 'no such file');
    stream = await streamTextBytes(bytes, onText, progress);
  }
  const result = importer.end({ file: stream.fileBytes, text: stream.textBytes }, stream.sha256);
  return { ...result, file, sources: new LineSources([file]), stream };
}
