import { X509Certificate, createHash } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, IdentityError, loadIdentity, type CreatedIdentity } from '../../../../../electron/node/pdf/identity.js';

const PASSPHRASE = 'Tr0ub4dor & 3 horses';
const NOW = new Date();

describe('createIdentity / loadIdentity', () => {
  let identity: CreatedIdentity;
  beforeAll(() => {
    identity = createIdentity({
      name: 'Jürgen Prüfer',
      org: 'Gatehouse Audit GmbH',
      email: 'juergen@example.org',
      keyType: 'rsa-3072',
      passphrase: PASSPHRASE,
      validDays: 30,
      now: NOW,
    });
  });

  it('makes a self-signed RSA-3072 CA certificate for signing', () => {
    const cert = new X509Certificate(identity.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(cert.subject).toContain('CN=Jürgen Prüfer');
    expect(cert.subject).toContain('O=Gatehouse Audit GmbH');
    expect(cert.checkEmail('juergen@example.org', { subject: 'never' })).toBe('juergen@example.org');
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);

    const forgeCert = forge.pki.certificateFromPem(identity.certPem);
    const keyUsage = forgeCert.getExtension('keyUsage') as Record<string, unknown>;
    expect(keyUsage).toMatchObject({ critical: true, digitalSignature: true, nonRepudiation: true, keyCertSign: true });
    expect(keyUsage.keyEncipherment).toBe(false);
    expect(forgeCert.getExtension('basicConstraints')).toMatchObject({ critical: true, cA: true });
    const ski = forgeCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string };
    const aki = forgeCert.getExtension('authorityKeyIdentifier') as { value: string };
    expect(ski.subjectKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
    expect(Buffer.from(aki.value, 'binary').toString('hex')).toContain(ski.subjectKeyIdentifier);
    // extKeyUsage is left out on purpose: NSS rejects CA:true certificates carrying one.
    expect(forgeCert.getExtension('extKeyUsage') ?? null).toBeNull();
  });

  it('reports the SHA-256 fingerprint of the DER certificate and its validity', () => {
    const der = new X509Certificate(identity.certPem).raw;
    expect(identity.fingerprint).toBe(createHash('sha256').update(der).digest('hex'));
    const loaded = loadIdentity(identity.p12, PASSPHRASE);
    expect(loaded.fingerprint).toBe(identity.fingerprint);
    expect(loaded.certPem).toBe(identity.certPem);
    expect(loaded.certificateDer.equals(der)).toBe(true);
    expect(loaded.subject).toEqual({ CN: 'Jürgen Prüfer', O: 'Gatehouse Audit GmbH', E: 'juergen@example.org' });
    expect(loaded.notBefore.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const days = (loaded.notAfter.getTime() - NOW.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('encrypts the private key with AES-256 (PBES2) under the passphrase', () => {
    const aes256CbcOid = Buffer.from(forge.asn1.oidToDer('2.16.840.1.101.3.4.1.42').getBytes(), 'binary');
    const pbes2Oid = Buffer.from(forge.asn1.oidToDer('1.2.840.113549.1.5.13').getBytes(), 'binary');
    expect(identity.p12.includes(aes256CbcOid)).toBe(true);
    expect(identity.p12.includes(pbes2Oid)).toBe(true);
    // The key sits only in a shrouded (encrypted) bag, never in a plain keyBag.
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(identity.p12.toString('binary')), PASSPHRASE);
    expect(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []).toHaveLength(0);
    expect(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]).toHaveLength(1);
  });

  it('refuses a wrong passphrase and non-PKCS#12 bytes with one clear error', () => {
    const wrong = (): unknown => loadIdentity(identity.p12, 'wrong passphrase');
    expect(wrong).toThrow(IdentityError);
    expect(wrong).toThrow('wrong passphrase or not a PKCS#12 file');
    expect(() => loadIdentity(Buffer.from('%PDF-1.7 not a key'), PASSPHRASE)).toThrow('wrong passphrase or not a PKCS#12 file');
    try {
      loadIdentity(identity.p12, '');
      expect.unreachable();
    } catch (error) {
      expect((error as IdentityError).code).toBe('wrong-passphrase');
    }
  });

  it('gives each identity its own key and serial number', () => {
    const other = createIdentity({ name: 'Other', org: '', email: 'o@example.org', keyType: 'rsa-3072', passphrase: 'x' });
    expect(other.fingerprint).not.toBe(identity.fingerprint);
    const a = new X509Certificate(identity.certPem);
    const b = new X509Certificate(other.certPem);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(b.subject).not.toContain('O=');
    expect(loadIdentity(other.p12, 'x').subject).toEqual({ CN: 'Other', O: '', E: 'o@example.org' });
  });

  it('says plainly that EC keys are not supported yet', () => {
    expect(() =>
      createIdentity({ name: 'A', org: 'B', email: 'a@example.org', keyType: 'ec-p256', passphrase: PASSPHRASE }),
    ).toThrow('not supported yet: use rsa-3072');
  });

  it('rejects unusable input', () => {
    const base = { name: 'A', org: 'B', email: 'a@example.org', keyType: 'rsa-3072' as const, passphrase: PASSPHRASE };
    expect(() => createIdentity({ ...base, passphrase: '' })).toThrow('passphrase must not be empty');
    expect(() => createIdentity({ ...base, name: '  ' })).toThrow('name must not be empty');
    expect(() => createIdentity({ ...base, email: 'not an address' })).toThrow('e-mail address');
    expect(() => createIdentity({ ...base, validDays: 0 })).toThrow('validDays');
  });
});
