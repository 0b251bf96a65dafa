/**
 * Signing identities on this machine: `<userData>/identities/<fingerprint>.p12` (the PKCS#12,
 * encrypted under the auditor's passphrase) and `<fingerprint>.json` (what the UI lists: subject,
 * validity, the certificate). Only the owner may read the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createIdentity, loadIdentity, type IdentityKeyType } from '../pdf/identity.js';
import { ServiceError } from './service-error.js';

export interface StoredIdentity {
  fingerprint: string;
  subject: { CN: string; O: string; E: string };
  notBefore: string;
  notAfter: string;
  createdAt: string;
  keyType: IdentityKeyType;
  certPem: string;
}

export interface NewIdentity {
  name: string;
  org: string;
  email: string;
  keyType: IdentityKeyType;
  passphrase: string;
  validDays: number;
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

export class IdentityStore {
  readonly dir: string;

  constructor(userDataDir: string) {
    this.dir = path.join(userDataDir, 'identities');
  }

  list(): StoredIdentity[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: StoredIdentity[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      try {
        const value = JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8')) as StoredIdentity;
        if (FINGERPRINT.test(value.fingerprint) && fs.existsSync(this.p12Path(value.fingerprint))) out.push(value);
      } catch {
        /* a broken entry is left out */
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Makes a key pair and self-signed certificate (CPU-heavy: run it in the worker). */
  create(input: NewIdentity, now = new Date()): StoredIdentity {
    const created = createIdentity({ ...input, now });
    const loaded = loadIdentity(created.p12, input.passphrase);
    const stored: StoredIdentity = {
      fingerprint: created.fingerprint,
      subject: loaded.subject,
      notBefore: loaded.notBefore.toISOString(),
      notAfter: loaded.notAfter.toISOString(),
      createdAt: now.toISOString(),
      keyType: input.keyType,
      certPem: created.certPem,
    };
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.p12Path(created.fingerprint), created.p12, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(path.join(this.dir, `${created.fingerprint}.json`), JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    return stored;
  }

  p12(fingerprint: string): Buffer {
    if (!FINGERPRINT.test(fingerprint) || !fs.existsSync(this.p12Path(fingerprint))) {
      throw new ServiceError('not-found', `there is no signing identity with fingerprint ${fingerprint} on this computer`);
    }
    return fs.readFileSync(this.p12Path(fingerprint));
  }

  /** The certificates of every identity here: a report they signed verifies as trusted. */
  trustedCertsPem(): string[] {
    return this.list().map((i) => i.certPem);
  }

  private p12Path(fingerprint: string): string {
    return path.join(this.dir, `${fingerprint}.p12`);
  }
}
