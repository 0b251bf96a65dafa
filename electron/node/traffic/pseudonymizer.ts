/**
 * Keyed pseudonyms for client IPs, subnets and principals: HMAC-SHA256 under a key the caller
 * gives (read from a file the auditor keeps; never written to the workspace). The same value
 * under the same key always gives the same pseudonym, so callers can still be counted and
 * followed across files; without the key nobody can test a guess.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PseudonymKind } from '../../../shared/importers/traffic/traffic-importer.js';

export const MIN_KEY_BYTES = 16;

export class PseudonymKeyError extends Error {}

/** Reads a key file: its bytes, trailing newline trimmed; at least 16 bytes. */
export function readPseudonymKey(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new PseudonymKeyError(`cannot read the pseudonymization key file ${file}: ${(e as Error).message}`);
  }
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  const key = bytes.subarray(0, end);
  if (key.length < MIN_KEY_BYTES) throw new PseudonymKeyError(`the pseudonymization key in ${file} is ${key.length} bytes; use at least ${MIN_KEY_BYTES} random bytes (e.g. openssl rand -hex 32 > ${file})`);
  return Buffer.from(key);
}

export function createPseudonymizer(key: Buffer): (kind: PseudonymKind, value: string) => string {
  return (kind, value) => '#' + createHmac('sha256', key).update(kind).update('\0').update(value).digest('hex').slice(0, 16);
}

/** A check value that tells keys apart without revealing them (recorded with the evidence). */
export function keyCheck(key: Buffer): string {
  return createHmac('sha256', key).update('gatehouse pseudonymization key check').digest('hex').slice(0, 16);
}
