/**
 * Passphrases for signing identities: read from a file (--passphrase-file) or typed at a hidden
 * prompt when stdin is a terminal. Never echoed, never logged, never passed on the command line.
 */
import { readFileSync, statSync } from 'node:fs';
import { CliError } from './cli-error.js';

export const MIN_PASSPHRASE_LENGTH = 8;
const MAX_PASSPHRASE_FILE = 4096;

/** The first line of the file (a trailing newline is not part of the passphrase). */
export function readPassphraseFile(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`cannot read passphrase file ${file}`);
  }
  if (size > MAX_PASSPHRASE_FILE) throw new CliError(`passphrase file ${file} is larger than ${MAX_PASSPHRASE_FILE} bytes: is it the right file?`);
  const text = readFileSync(file, 'utf8');
  const passphrase = text.split(/\r?\n/)[0] ?? '';
  if (passphrase === '') throw new CliError(`passphrase file ${file} is empty`);
  return passphrase;
}

/** What the prompt needs of a terminal stream (process.stdin), so tests can drive it. */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface PromptOutput {
  write(text: string): unknown;
}

/**
 * Reads a line without echoing it. Enter ends it, Backspace deletes, Ctrl-U clears, Ctrl-C or
 * Ctrl-D (on an empty line) cancel with exit code 130.
 */
export function promptHidden(prompt: string, input: PromptInput = process.stdin, output: PromptOutput = process.stderr): Promise<string> {
  if (!input.isTTY || typeof input.setRawMode !== 'function') {
    return Promise.reject(new CliError('no passphrase: give --passphrase-file FILE (stdin is not a terminal, so it cannot be typed)'));
  }
  const setRaw = input.setRawMode.bind(input);
  output.write(prompt);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (error: Error | null) => {
      input.removeListener('data', onData);
      setRaw(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new CliError('cancelled', 130));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch === '\u0015') value = '';
        else if (ch >= ' ') value += ch;
      }
    };
    setRaw(true);
    input.on('data', onData);
    input.resume();
  });
}

/**
 * The passphrase from --passphrase-file, or typed (twice with `confirm`, when creating). Refuses
 * passphrases shorter than MIN_PASSPHRASE_LENGTH when creating.
 */
export async function obtainPassphrase(options: { file?: string | undefined; confirm?: boolean; what: string; input?: PromptInput; output?: PromptOutput }): Promise<string> {
  const passphrase =
    options.file !== undefined ? readPassphraseFile(options.file) : await promptHidden(`Passphrase for ${options.what}: `, options.input, options.output);
  if (options.confirm) {
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) throw new CliError(`the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
    if (options.file === undefined) {
      const again = await promptHidden('Repeat the passphrase: ', options.input, options.output);
      if (again !== passphrase) throw new CliError('the passphrases do not match');
    }
  }
  return passphrase;
}
