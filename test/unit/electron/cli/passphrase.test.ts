import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../electron/cli/cli-error.js';
import { obtainPassphrase, promptHidden, readPassphraseFile } from '../../../../electron/cli/passphrase.js';
import { tempDir } from './run-cli.js';

/** A stand-in for a terminal's stdin: raw mode recorded, keystrokes fed by the test. */
class FakeTty extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  setRawMode(mode: boolean) {
    this.raw.push(mode);
    return this;
  }
  resume() {
    return this;
  }
  pause() {
    return this;
  }
  type(keys: string) {
    this.emit('data', Buffer.from(keys, 'utf8'));
  }
}

function output() {
  const written: string[] = [];
  return { written, write: (text: string) => written.push(text) };
}

describe('promptHidden', () => {
  it('reads a line in raw mode without echoing it; backspace and Ctrl-U edit', async () => {
    const tty = new FakeTty();
    const out = output();
    const answer = promptHidden('Passphrase: ', tty, out);
    tty.type('wrong');
    tty.type('\u0015');
    tty.type('sécret!x\u007f');
    tty.type('\r');
    await expect(answer).resolves.toBe('sécret!');
    expect(out.written.join('')).toBe('Passphrase: \n');
    expect(tty.raw).toEqual([true, false]);
    expect(tty.listenerCount('data')).toBe(0);
  });

  it('Ctrl-C cancels with exit code 130', async () => {
    const tty = new FakeTty();
    const answer = promptHidden('Passphrase: ', tty, output());
    tty.type('abc\u0003');
    await expect(answer).rejects.toMatchObject({ exitCode: 130 });
    expect(tty.raw).toEqual([true, false]);
  });

  it('refuses when stdin is not a terminal', async () => {
    const notTty = Object.assign(new FakeTty(), { isTTY: false });
    await expect(promptHidden('P: ', notTty, output())).rejects.toThrow(/--passphrase-file/);
  });
});

describe('obtainPassphrase', () => {
  it('reads the first line of a file', () => {
    const file = path.join(tempDir(), 'pass');
    writeFileSync(file, 'first line passphrase\r\nsecond\n');
    expect(readPassphraseFile(file)).toBe('first line passphrase');
    writeFileSync(file, '\n');
    expect(() => readPassphraseFile(file)).toThrow(CliError);
  });

  it('asks twice when creating, and the two must match', async () => {
    const tty = new FakeTty();
    const result = obtainPassphrase({ confirm: true, what: 'x', input: tty, output: output() });
    tty.type('long passphrase\r');
    await new Promise((resolve) => setImmediate(resolve));
    tty.type('long passphrase\r');
    await expect(result).resolves.toBe('long passphrase');

    const mismatch = obtainPassphrase({ confirm: true, what: 'x', input: tty, output: output() });
    tty.type('long passphrase\r');
    await new Promise((resolve) => setImmediate(resolve));
    tty.type('other passphrase\r');
    await expect(mismatch).rejects.toThrow('do not match');
  });
});
