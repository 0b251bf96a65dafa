/** Argument parsing shared by the commands (node:util parseArgs with usage errors as CliError). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${usage}`);
  }
}

export function oneOf<V extends string>(value: string | undefined, allowed: readonly V[], flag: string, fallback: V): V {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as V;
  throw new CliError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function isoDate(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new CliError(`${flag} must be a date written YYYY-MM-DD (got "${value}")`);
  return value;
}
