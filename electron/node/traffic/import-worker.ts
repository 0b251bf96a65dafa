/**
 * One part of a large log read in parallel (see parallel-import.ts): this worker streams its
 * byte range of the file through a TrafficImporter — parse, mask, pseudonymize, match,
 * aggregate, encode — posts each encoded batch to the main thread (which stores it in the
 * workspace) and, at the end, its part: the accumulator and the counts, joined there with the
 * other parts'.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parentPort, workerData } from 'node:worker_threads';
import type { FieldMap } from '../../../shared/importers/traffic/json-records.js';
import type { EndpointTemplate } from '../../../shared/importers/traffic/endpoint-matcher.js';
import { compileLogFormat } from '../../../shared/importers/traffic/nginx-format.js';
import type { TrafficSniff } from '../../../shared/importers/traffic/sniff.js';
import { TrafficImporter, type TrafficImportOptions } from '../../../shared/importers/traffic/traffic-importer.js';
import { gunzipBase64 } from './gunzip-base64.js';
import { createPseudonymizer } from './pseudonymizer.js';

export interface WorkerInput {
  path: string;
  file: string;
  /** Byte range, end inclusive. */
  start: number;
  end: number;
  lineOffset: number;
  batchOffset: number;
  sniffed: TrafficSniff;
  maskUrls: boolean;
  endpoints: EndpointTemplate[];
  basePaths: string[];
  logFormat?: string;
  fieldMap?: FieldMap;
  /** The pseudonymization key (copied to the worker; never written anywhere). */
  key?: Uint8Array;
  store: boolean;
  batchSize?: number;
}

export type WorkerMessage =
  | { type: 'batch'; batch: import('../../../shared/importers/traffic/batch-codec.js').EncodedBatch }
  | { type: 'progress'; bytes: number }
  | { type: 'done'; part: import('../../../shared/importers/traffic/traffic-importer.js').TrafficPart; textBytes: number };

async function run(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const options: TrafficImportOptions = {
    file: input.file,
    sniffed: input.sniffed,
    maskUrls: input.maskUrls,
    endpoints: input.endpoints,
    basePaths: input.basePaths,
    gunzipBase64,
    lineOffset: input.lineOffset,
    batchOffset: input.batchOffset,
  };
  if (input.logFormat) options.logFormat = compileLogFormat(input.logFormat);
  if (input.fieldMap) options.fieldMap = input.fieldMap;
  if (input.key) options.pseudonymize = createPseudonymizer(Buffer.from(input.key));
  if (input.store) options.onBatch = (batch) => port.postMessage({ type: 'batch', batch } satisfies WorkerMessage);
  if (input.batchSize) options.batchSize = input.batchSize;
  const importer = new TrafficImporter(options);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let reported = 0;
  let textBytes = 0;
  for await (const chunk of createReadStream(input.path, { start: input.start, end: input.end, highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    textBytes += chunk.length;
    const text = decoder.write(chunk);
    if (text) importer.push(text);
    if (bytes - reported >= 4 * 1048576) {
      port.postMessage({ type: 'progress', bytes: bytes - reported } satisfies WorkerMessage);
      reported = bytes;
    }
  }
  const rest = decoder.end();
  if (rest) importer.push(rest);
  if (bytes > reported) port.postMessage({ type: 'progress', bytes: bytes - reported } satisfies WorkerMessage);
  port.postMessage({ type: 'done', part: importer.endPart(), textBytes } satisfies WorkerMessage);
}

if (parentPort && workerData) await run(workerData as WorkerInput);
