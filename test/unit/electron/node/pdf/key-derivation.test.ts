// identity.ts sends node-forge's PBKDF2 and PKCS#12 KDF to node:crypto. The bytes must be the
// ones node-forge's own JavaScript derives, or existing identities would stop opening.
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentity, loadIdentity, pkcs12Kdf } from '../../../../../electron/node/pdf/identity.js';

const options = (forge as unknown as { options: { usePureJavaScript: boolean } }).options;

afterEach(() => {
  options.usePureJavaScript = false;
});

function pureJs<T>(fn: () => T): T {
  options.usePureJavaScript = true;
  try {
    return fn();
  } finally {
    options.usePureJavaScript = false;
  }
}

const PASSWORDS = ['', 'correct horse battery staple', 'Prüfung 2025 ü', '密码 passphrase', '\u{1F511} key'];

describe('native key derivation', () => {
  it('the PKCS#12 KDF derives what node-forge derives', () => {
    for (const md of ['sha1', 'sha256'] as const) {
      for (const password of [...PASSWORDS, null]) {
        for (const [id, n, iterations] of [[1, 24, 1], [2, 8, 7], [3, 20, 1000], [3, 32, 2]] as const) {
          const salt = forge.util.createBuffer(forge.util.hexToBytes('0a58cf64530d823f'));
          const expected = pureJs(() => forge.pkcs12.generateKey(password as string, salt.copy(), id, iterations, n, forge.md[md].create())).toHex();
          const native = forge.pkcs12.generateKey(password as string, salt.copy(), id, iterations, n, forge.md[md].create()).toHex();
          expect(native, `${md} ${password} ${id}`).toBe(expected);
          expect(pkcs12Kdf(password, Buffer.from('0a58cf64530d823f', 'hex'), id, iterations, n, md).toString('hex')).toBe(expected);
        }
      }
    }
  });

  it('PBKDF2 derives what node-forge derives, and the RFC 6070-style vector', () => {
    for (const password of PASSWORDS) {
      const expected = pureJs(() => forge.pkcs5.pbkdf2(password, 'saltSALT', 1000, 32, forge.md.sha256.create()));
      expect(forge.pkcs5.pbkdf2(password, 'saltSALT', 1000, 32, forge.md.sha256.create())).toBe(expected);
    }
    expect(forge.util.bytesToHex(forge.pkcs5.pbkdf2('password', 'salt', 1, 32, forge.md.sha256.create()))).toBe(
      '120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b',
    );
  });

  it('identities made by node-forge alone open natively, and the other way round', () => {
    for (const passphrase of ['Prüfung 2025 ü', '密码 passphrase']) {
      const pure = pureJs(() => createIdentity({ name: 'Pure', org: '', email: 'pure@example.org', keyType: 'rsa-3072', passphrase }));
      expect(loadIdentity(pure.p12, passphrase).fingerprint).toBe(pure.fingerprint);
      const native = createIdentity({ name: 'Native', org: '', email: 'native@example.org', keyType: 'rsa-3072', passphrase });
      expect(pureJs(() => loadIdentity(native.p12, passphrase)).fingerprint).toBe(native.fingerprint);
      expect(() => loadIdentity(native.p12, `${passphrase}!`)).toThrow(/wrong passphrase/);
    }
  });
});
