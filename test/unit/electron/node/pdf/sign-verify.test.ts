// Signs a pdfmake 0.3 document with a fresh identity and checks the result with poppler's pdfsig
// (and an NSS database that trusts the certificate), qpdf and our own verifier; then tampers.
import { generateKeyPairSync } from 'node:crypto';
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentity, IdentityError, openPkcs12, type CreatedIdentity } from '../../../../../electron/node/pdf/identity.js';
import { signPdfDocument, type SignDocumentOptions } from '../../../../../electron/node/pdf/sign.js';
import { verifyPdf } from '../../../../../electron/node/pdf/verify.js';
import { nssDbTrusting, openTestDocument, pdfsig, removeDir, REPORT_TEXT, runTool, tempDir, unsignedTestPdf, writeTemp } from './signing-fixtures.js';

const PASSPHRASE = 'correct horse battery staple';
const SIGNING_TIME = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000);
const DETAILS = {
  reason: 'Prüfbericht freigegeben (final)',
  location: 'Zürich',
  name: 'Jürgen Prüfer',
  contactInfo: 'juergen@example.org',
  signingTime: SIGNING_TIME,
};

let dir: string;
let alice: CreatedIdentity;
let mallory: CreatedIdentity;
let signed: Buffer;

function sign(identity: CreatedIdentity, extra: Partial<SignDocumentOptions> = {}): Promise<Buffer> {
  return openTestDocument().then((doc) => signPdfDocument(doc, { p12: identity.p12, passphrase: PASSPHRASE, ...DETAILS, ...extra }));
}

/** [holeStart, holeEnd) of the last signature, from its /ByteRange. */
function contentsHole(pdf: Buffer): [number, number] {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges[ranges.length - 1];
  if (last === undefined) throw new Error('no ByteRange');
  return [Number(last[2]), Number(last[3])];
}

function cmsOf(pdf: Buffer): forge.asn1.Asn1 {
  const [start, end] = contentsHole(pdf);
  const hex = pdf.subarray(start + 1, end - 1).toString('latin1');
  const der = Buffer.from(hex, 'hex');
  const fromDer = forge.asn1.fromDer as unknown as (bytes: string, options: object) => forge.asn1.Asn1;
  return fromDer(der.toString('binary'), { parseAllBytes: false, decodeBitStrings: false });
}

function withCms(pdf: Buffer, cms: forge.asn1.Asn1): Buffer {
  const [start, end] = contentsHole(pdf);
  const hex = Buffer.from(forge.asn1.toDer(cms).getBytes(), 'binary').toString('hex');
  const room = end - start - 2;
  expect(hex.length).toBeLessThanOrEqual(room);
  return Buffer.concat([pdf.subarray(0, start + 1), Buffer.from(hex.padEnd(room, '0')), pdf.subarray(end - 1)]);
}

const kids = (node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] => (node !== undefined && Array.isArray(node.value) ? node.value : []);

/** Puts another certificate into the CMS: in the certificate set and, optionally, as the signer identifier. */
function swapCertificate(pdf: Buffer, certPem: string, alsoSignerIdentifier: boolean): Buffer {
  const cms = cmsOf(pdf);
  const signedData = kids(kids(cms)[1])[0]!;
  const fields = kids(signedData);
  const certSet = fields.find((node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === 0)!;
  const certAsn1 = forge.asn1.fromDer(forge.util.decode64(certPem.replace(/-----[^-]+-----|\s/g, '')));
  certSet.value = [certAsn1];
  if (alsoSignerIdentifier) {
    const tbs = kids(kids(certAsn1)[0]);
    const sid = kids(kids(fields[fields.length - 1])[0])[1]!;
    sid.value = [tbs[3]!, tbs[1]!]; // issuer, serialNumber (after [0] version)
  }
  return withCms(pdf, cms);
}

beforeAll(async () => {
  dir = tempDir();
  // Created after SIGNING_TIME; createIdentity back-dates notBefore by a minute, which covers it.
  alice = createIdentity({ name: 'Jürgen Prüfer', org: 'Gatehouse Audit GmbH', email: 'juergen@example.org', keyType: 'rsa-3072', passphrase: PASSPHRASE });
  mallory = createIdentity({ name: 'Mallory', org: 'Elsewhere', email: 'mallory@example.net', keyType: 'rsa-3072', passphrase: PASSPHRASE });
  signed = await sign(alice, { appName: 'Gatehouse' });
});

afterAll(() => removeDir(dir));

describe('a signed pdfmake report', () => {
  it('is a well-formed PDF that still shows its text', () => {
    const file = writeTemp(dir, 'signed.pdf', signed);
    expect(signed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const check = runTool('qpdf', ['--check', file]);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
    const text = runTool('pdftotext', [file, '-']);
    expect(text.status).toBe(0);
    expect(text.output).toContain(REPORT_TEXT);
  });

  it('is valid for poppler: "Signature is Valid.", SHA-256, adbe.pkcs7.detached, whole document', () => {
    const out = pdfsig(writeTemp(dir, 'signed.pdf', signed));
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Jürgen Prüfer');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
    expect(out).toContain('Signature Type: adbe.pkcs7.detached');
    expect(out).toContain('Total document signed');
    expect(out).not.toContain('Not total document signed');
    // Without a trust store the self-signed certificate is known but not trusted.
    expect(out).toContain("Certificate issuer isn't Trusted.");
  });

  it('is trusted by poppler once the certificate is in an NSS database', () => {
    const nssDir = nssDbTrusting(dir, alice.certPem);
    const out = pdfsig(writeTemp(dir, 'signed.pdf', signed), nssDir);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
  });

  it('is valid for verifyPdf, with the signer, time, reason and location', () => {
    const report = verifyPdf(signed);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      signed: true,
      valid: true,
      coversWholeFile: true,
      digestMatches: true,
      signatureValid: true,
      certValidAtSigning: true,
      trusted: null,
      signingTime: SIGNING_TIME.toISOString(),
      reason: DETAILS.reason,
      location: DETAILS.location,
      name: DETAILS.name,
      contactInfo: DETAILS.contactInfo,
    });
    expect(report.signer).toEqual({
      subject: { CN: 'Jürgen Prüfer', O: 'Gatehouse Audit GmbH', E: 'juergen@example.org' },
      fingerprint: alice.fingerprint,
    });
  });

  it('is trusted by verifyPdf against its own certificate and not against another', () => {
    expect(verifyPdf(signed, { trustedCertsPem: [mallory.certPem, alice.certPem] })).toMatchObject({ valid: true, trusted: true, problems: [] });
    const untrusted = verifyPdf(signed, { trustedCertsPem: [mallory.certPem] });
    expect(untrusted).toMatchObject({ valid: false, trusted: false, signatureValid: true, digestMatches: true });
    expect(untrusted.problems.join(' ')).toMatch(/not trusted/);
  });
});

describe('tampering', () => {
  it('one flipped byte in the first signed range: digest mismatch', () => {
    const tampered = Buffer.from(signed);
    const [holeStart] = contentsHole(signed);
    const position = 10; // inside the binary comment of the header: structure stays intact
    expect(position).toBeLessThan(holeStart);
    tampered[position] = tampered[position]! ^ 0x01;
    const report = verifyPdf(tampered);
    expect(report).toMatchObject({ signed: true, valid: false, coversWholeFile: true, digestMatches: false });
    expect(report.problems.join(' ')).toMatch(/Digest mismatch/);
    expect(pdfsig(writeTemp(dir, 'flipped-head.pdf', tampered))).toContain('Digest Mismatch.');
  });

  it('one changed byte after the signature (document info): digest mismatch', () => {
    const tampered = Buffer.from(signed);
    const [, holeEnd] = contentsHole(signed);
    const position = signed.indexOf('Gatehouse tests', holeEnd, 'latin1');
    expect(position).toBeGreaterThan(holeEnd);
    tampered[position] = 'H'.charCodeAt(0);
    const report = verifyPdf(tampered);
    expect(report).toMatchObject({ valid: false, coversWholeFile: true, digestMatches: false, signatureValid: true });
    expect(pdfsig(writeTemp(dir, 'flipped-tail.pdf', tampered))).toContain('Digest Mismatch.');
  });

  it('an appended incremental update: not covering the whole file', () => {
    const update = Buffer.from('\n1 0 obj\n<< /Tampered true >>\nendobj\ntrailer\n<< /Size 2 >>\n%%EOF\n', 'latin1');
    const tampered = Buffer.concat([signed, update]);
    const report = verifyPdf(tampered);
    expect(report).toMatchObject({ signed: true, valid: false, coversWholeFile: false, digestMatches: true, signatureValid: true });
    expect(report.problems.join(' ')).toMatch(new RegExp(`${update.length} bytes were added after signing`));
    expect(pdfsig(writeTemp(dir, 'appended.pdf', tampered))).toContain('Not total document signed');
  });

  it('another certificate swapped into the CMS: the signature does not verify', () => {
    const tampered = swapCertificate(signed, mallory.certPem, true);
    const report = verifyPdf(tampered);
    expect(report).toMatchObject({ valid: false, coversWholeFile: true, digestMatches: true, signatureValid: false });
    expect(report.signer?.fingerprint).toBe(mallory.fingerprint);
    expect(report.problems.join(' ')).toMatch(/does not verify/);
    expect(pdfsig(writeTemp(dir, 'swapped.pdf', tampered))).toContain('Signature is Invalid.');
  });

  it('the signer certificate removed from the CMS: no signer', () => {
    const report = verifyPdf(swapCertificate(signed, mallory.certPem, false));
    expect(report).toMatchObject({ valid: false, signer: null, signatureValid: false });
    expect(report.problems.join(' ')).toMatch(/does not include the signer's certificate/);
  });

  it('the signed bytes re-signed by another identity: valid, but not trusted', async () => {
    const forged = await sign(mallory, { name: 'Jürgen Prüfer' });
    expect(verifyPdf(forged).valid).toBe(true);
    const report = verifyPdf(forged, { trustedCertsPem: [alice.certPem] });
    expect(report).toMatchObject({ valid: false, trusted: false });
    expect(report.signer?.fingerprint).toBe(mallory.fingerprint);
    const nssDir = nssDbTrusting(dir, alice.certPem);
    expect(pdfsig(writeTemp(dir, 'forged.pdf', forged), nssDir)).not.toContain('Certificate is Trusted.');
  });
});

describe('edge cases', () => {
  it('an unsigned PDF is reported as not signed', async () => {
    const report = verifyPdf(await unsignedTestPdf());
    expect(report).toMatchObject({ signed: false, valid: false, signer: null, trusted: null });
    expect(report.problems).toEqual(['The PDF is not signed: it has no signature byte range.']);
  });

  it('a placeholder that was never signed is reported as not signed', async () => {
    const doc = await openTestDocument();
    const chunks: Buffer[] = [];
    const ended = new Promise<void>((resolve) => doc.on('end', resolve));
    doc.on('data', (chunk) => chunks.push(chunk));
    pdfkitAddPlaceholder({ pdf: doc, pdfBuffer: Buffer.alloc(0), reason: 'r', location: 'l', name: 'n', contactInfo: 'c' });
    doc.end();
    await ended;
    const report = verifyPdf(Buffer.concat(chunks));
    expect(report).toMatchObject({ signed: false, valid: false });
    expect(report.problems).toEqual(['The PDF has a signature placeholder that was never signed.']);
  });

  it('a wrong passphrase fails signing with a clear error', async () => {
    const failure = sign(alice, { passphrase: 'not the passphrase' });
    await expect(failure).rejects.toBeInstanceOf(IdentityError);
    await expect(failure).rejects.toThrow('wrong passphrase or not a PKCS#12 file');
  });

  it('a placeholder too small for the signature is an error, not a broken PDF', async () => {
    await expect(sign(alice, { placeholderBytes: 256 })).rejects.toThrow(/exceeds placeholder/);
  });

  it('a certificate that expired before the signing time: not valid at signing', async () => {
    const longAgo = new Date(Date.now() - 10 * 86_400_000);
    const expired = createIdentity({ name: 'Old', org: 'Past', email: 'old@example.org', keyType: 'rsa-3072', passphrase: PASSPHRASE, validDays: 1, now: longAgo });
    const report = verifyPdf(await sign(expired));
    expect(report).toMatchObject({ valid: false, digestMatches: true, signatureValid: true, certValidAtSigning: false });
    expect(report.problems.join(' ')).toMatch(/was not valid at/);
  });

  it('a certificate issued by a trusted CA (chain inside the PKCS#12) is trusted', async () => {
    // Issued an hour back: both certificates must be valid at SIGNING_TIME, however slow the run.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const ca = createIdentity({ name: 'Gatehouse Test CA', org: 'Gatehouse', email: 'ca@example.org', keyType: 'rsa-3072', passphrase: PASSPHRASE, now: anHourAgo });
    const { privateKey: caKey, certificate: caCert } = openPkcs12(ca.p12, PASSPHRASE);
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 3072,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const leaf = forge.pki.createCertificate();
    leaf.publicKey = forge.pki.publicKeyFromPem(pair.publicKey);
    leaf.serialNumber = '5a01';
    leaf.validity.notBefore = anHourAgo;
    leaf.validity.notAfter = new Date(Date.now() + 86_400_000);
    leaf.setSubject([
      { name: 'commonName', value: 'Auditor Leaf' },
      { name: 'emailAddress', value: 'leaf@example.org' },
    ]);
    leaf.setIssuer(caCert.subject.attributes);
    const caKeyId = (caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string }).subjectKeyIdentifier;
    leaf.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'extKeyUsage', emailProtection: true },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: forge.util.hexToBytes(caKeyId) },
    ]);
    leaf.sign(caKey, forge.md.sha256.create());
    const leafKey = forge.pki.privateKeyFromPem(pair.privateKey);
    const p12 = Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(leafKey, [leaf, caCert], PASSPHRASE, { algorithm: 'aes256' })).getBytes(), 'binary');

    const chained = await sign({ ...alice, p12 });
    const trusted = verifyPdf(chained, { trustedCertsPem: [ca.certPem] });
    expect(trusted.problems).toEqual([]);
    expect(trusted).toMatchObject({ valid: true, trusted: true });
    expect(trusted.signer?.subject.CN).toBe('Auditor Leaf');
    expect(verifyPdf(chained, { trustedCertsPem: [mallory.certPem] })).toMatchObject({ valid: false, trusted: false });

    const nssDir = nssDbTrusting(dir, ca.certPem);
    const out = pdfsig(writeTemp(dir, 'chained.pdf', chained), nssDir);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
  });
});
