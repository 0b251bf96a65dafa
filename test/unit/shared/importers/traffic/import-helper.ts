/** Test helper: runs the streaming traffic importer over text, in chunks of a given size. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeBatch, type EncodedBatch, type StoredRequest } from '../../../../../shared/importers/traffic/batch-codec.js';
import { TrafficImporter, type TrafficImportOptions, type TrafficImportResult } from '../../../../../shared/importers/traffic/traffic-importer.js';

export const LOGS = path.resolve(import.meta.dirname, '../../../../fixtures/logs');
export const HARS = path.resolve(import.meta.dirname, '../../../../fixtures/har');

export function fixture(dir: string, name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}

export interface Imported extends TrafficImportResult {
  batches: number;
  stored: StoredRequest[];
}

export function importText(text: string, options: Partial<TrafficImportOptions> & { chunk?: number } = {}): Imported {
  const batches: EncodedBatch[] = [];
  const { chunk = 65536, ...rest } = options;
  const importer = new TrafficImporter({ file: 'access.log', onBatch: (b) => batches.push(b), ...rest });
  for (let i = 0; i < text.length; i += chunk) importer.push(text.slice(i, i + chunk));
  const result = importer.end({ file: text.length, text: text.length }, '0'.repeat(64));
  return { ...result, batches: batches.length, stored: batches.flatMap((b) => decodeBatch(b.json)) };
}

/** A combined log line. */
export function combined(o: { ip?: string; user?: string; time?: string; method?: string; path: string; status?: number; bytes?: number; ua?: string }): string {
  return `${o.ip ?? '192.0.2.1'} - ${o.user ?? '-'} [${o.time ?? '01/Mar/2026:10:00:00 +0000'}] "${o.method ?? 'GET'} ${o.path} HTTP/1.1" ${o.status ?? 200} ${o.bytes ?? 100} "-" "${o.ua ?? 'Mozilla/5.0 (X11; Linux x86_64)'}"`;
}

/** CLF time of a minute and second offset from 01/Mar/2026:10:00:00 UTC. */
export function clfAt(seconds: number): string {
  const d = new Date(Date.UTC(2026, 2, 1, 10, 0, 0) + seconds * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
