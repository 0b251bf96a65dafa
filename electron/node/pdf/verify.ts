// Verifies the last signature of a PDF in Node, without poppler: the byte range must cover the
// whole file except the signature's own /Contents, the CMS messageDigest must match the signed
// bytes, the CMS signature must verify over the signed attributes with the signer certificate's
// key, the signing time must fall inside the certificate's validity and, when trust anchors are
// given, the signer certificate must be one of them or chain up to one.
//
// node-forge parses the CMS (ASN.1 only: its pkcs7 module neither verifies nor reads non-RSA
// certificates); node:crypto hashes, verifies and reads certificates.
import { X509Certificate, constants, createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { parseDer, readCertificateSubject, sha256Hex, type CertificateSubject } from './identity.js';

export interface VerifyOptions {
  /** Trust anchors (PEM). Without them `trusted` is null and does not affect `valid`. */
  trustedCertsPem?: string[];
  /** Used when the signature carries no signing time; default now. */
  now?: Date;
}

export interface PdfSignatureReport {
  /** The PDF holds a filled-in signature (a /ByteRange of four numbers). */
  signed: boolean;
  /** Every check passed and nothing in `problems`. */
  valid: boolean;
  /** The byte range starts at 0, skips exactly the /Contents string and ends at the end of the file. */
  coversWholeFile: boolean;
  /** The CMS messageDigest equals the digest of the signed byte ranges. */
  digestMatches: boolean;
  /** The CMS signature verifies with the signer certificate's public key. */
  signatureValid: boolean;
  /** The signing time (or now, without one) lies within the signer certificate's validity. */
  certValidAtSigning: boolean;
  /** null when no trust anchors were given. */
  trusted: boolean | null;
  signer: { subject: CertificateSubject; fingerprint: string } | null;
  /** ISO 8601, from the CMS signingTime signed attribute. */
  signingTime: string | null;
  reason?: string;
  location?: string;
  name?: string;
  contactInfo?: string;
  problems: string[];
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

const DIGEST_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithm OID → key type and the digest it implies (undefined: the SignerInfo's digestAlgorithm). */
const SIGNATURE_ALGORITHMS: Record<string, { key: 'rsa' | 'ec'; digest?: string }> = {
  '1.2.840.113549.1.1.1': { key: 'rsa' },
  '1.2.840.113549.1.1.5': { key: 'rsa', digest: 'sha1' },
  '1.2.840.113549.1.1.14': { key: 'rsa', digest: 'sha224' },
  '1.2.840.113549.1.1.11': { key: 'rsa', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'rsa', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'rsa', digest: 'sha512' },
  '1.2.840.10045.2.1': { key: 'ec' },
  '1.2.840.10045.4.3.1': { key: 'ec', digest: 'sha224' },
  '1.2.840.10045.4.3.2': { key: 'ec', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'ec', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'ec', digest: 'sha512' },
};

const SUPPORTED_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);
const MAX_CHAIN_LENGTH = 8;

export function verifyPdf(bytes: Buffer, options: VerifyOptions = {}): PdfSignatureReport {
  const report: PdfSignatureReport = {
    signed: false,
    valid: false,
    coversWholeFile: false,
    digestMatches: false,
    signatureValid: false,
    certValidAtSigning: false,
    trusted: null,
    signer: null,
    signingTime: null,
    problems: [],
  };
  const problems = report.problems;

  const located = findLastSignature(bytes);
  if (located === null) {
    problems.push('The PDF is not signed: it has no signature byte range.');
    return report;
  }
  if (located.byteRange === null) {
    problems.push('The PDF has a signature placeholder that was never signed.');
    return report;
  }
  report.signed = true;
  const [start, firstLength, secondStart, secondLength] = located.byteRange;

  const dictionary = readSignatureDictionary(bytes, located.position);
  if (dictionary !== null) {
    for (const key of ['reason', 'location', 'name', 'contactInfo'] as const) {
      const value = dictionary.strings[key];
      if (value !== undefined) report[key] = value;
    }
    if (dictionary.subFilter !== undefined && !SUPPORTED_SUBFILTERS.has(dictionary.subFilter)) {
      problems.push(`Unsupported signature format /SubFilter /${dictionary.subFilter}: only detached CMS signatures are verified.`);
    }
  }

  // 1. The byte range: from 0, around the /Contents hex string, to the end of the file.
  const holeStart = start + firstLength;
  const holeEnd = secondStart;
  const signedEnd = secondStart + secondLength;
  let rangeShapeOk = true;
  if (start !== 0) {
    rangeShapeOk = false;
    problems.push(`The signed byte range starts at ${start}, not at the start of the file.`);
  }
  if (!(firstLength > 0 && holeEnd > holeStart + 1 && signedEnd <= bytes.length)) {
    rangeShapeOk = false;
    problems.push(`The signed byte range [${located.byteRange.join(' ')}] does not fit the file (${bytes.length} bytes).`);
  } else if (!isContentsHexString(bytes, holeStart, holeEnd)) {
    rangeShapeOk = false;
    problems.push('The gap in the signed byte range is not exactly the signature\'s /Contents hex string.');
  } else if (dictionary?.contents !== undefined && (dictionary.contents.start !== holeStart || dictionary.contents.end !== holeEnd)) {
    rangeShapeOk = false;
    problems.push('The gap in the signed byte range is not the /Contents of the signature dictionary.');
  }
  if (signedEnd < bytes.length) {
    problems.push(
      `The signature covers ${signedEnd} of ${bytes.length} bytes: ${bytes.length - signedEnd} bytes were added after signing (an incremental update).`,
    );
  }
  report.coversWholeFile = rangeShapeOk && signedEnd === bytes.length;
  if (!rangeShapeOk) return finish(report);

  // 2. The CMS SignedData in /Contents.
  let cms: ParsedSignedData;
  try {
    const hex = bytes.subarray(holeStart + 1, holeEnd - 1).toString('latin1').replace(/\s+/g, '');
    cms = parseSignedData(Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex'));
  } catch (error) {
    problems.push(`The signature is not a readable CMS SignedData: ${(error as Error).message}`);
    return finish(report);
  }

  const signer = cms.certificates.find((cert) => cms.signerMatches(cert.der));
  if (signer === undefined) {
    problems.push('The signature does not include the signer\'s certificate.');
    return finish(report);
  }
  report.signer = { subject: readCertificateSubject(signer.der), fingerprint: sha256Hex(signer.der) };

  // 3. The digest of the signed bytes against the messageDigest signed attribute.
  const digestName = cms.digestAlgorithm;
  if (digestName === undefined) {
    problems.push(`Unknown digest algorithm ${cms.digestAlgorithmOid} in the signature.`);
    return finish(report);
  }
  if (digestName === 'sha1') problems.push('The signature uses SHA-1, which is too weak to rely on.');
  const signedBytes = [bytes.subarray(0, holeStart), bytes.subarray(holeEnd, signedEnd)];
  const digest = createHash(digestName);
  for (const part of signedBytes) digest.update(part);
  const actualDigest = digest.digest();

  if (cms.signedAttributes !== null) {
    const attributes = cms.signedAttributes;
    if (attributes.messageDigest === undefined) {
      problems.push('The signature has no messageDigest signed attribute.');
    } else if (attributes.messageDigest.equals(actualDigest)) {
      report.digestMatches = true;
    } else {
      problems.push('Digest mismatch: the signed bytes of the PDF were changed after signing.');
    }
    if (attributes.contentType !== undefined && attributes.contentType !== cms.encapsulatedContentType) {
      problems.push('The contentType signed attribute does not match the signed content type.');
    }
    if (attributes.signingTime !== undefined) report.signingTime = attributes.signingTime.toISOString();
  }

  // 4. The signature over the signed attributes (or, without them, over the signed bytes).
  const algorithm = SIGNATURE_ALGORITHMS[cms.signatureAlgorithmOid];
  const publicKey = signer.x509.publicKey;
  if (algorithm === undefined) {
    problems.push(`Unsupported signature algorithm ${cms.signatureAlgorithmOid}.`);
  } else if (publicKey.asymmetricKeyType !== algorithm.key) {
    problems.push(`The signature algorithm does not fit the signer's ${publicKey.asymmetricKeyType ?? 'unknown'} key.`);
  } else {
    const message = cms.signedAttributes?.der ?? Buffer.concat(signedBytes);
    const hash = algorithm.digest ?? digestName;
    if (algorithm.digest !== undefined && algorithm.digest !== digestName && cms.signedAttributes === null) {
      problems.push('The signature algorithm and the digest algorithm disagree.');
    } else if (verifySignature(hash, message, publicKey, algorithm.key, cms.signature)) {
      report.signatureValid = true;
      if (cms.signedAttributes === null) report.digestMatches = true;
    } else {
      problems.push('The signature does not verify with the signer certificate\'s public key.');
    }
  }

  // 5. The certificate was valid when the document was signed.
  const at = cms.signedAttributes?.signingTime ?? options.now ?? new Date();
  const validity = certificateValidity(signer.der);
  if (at.getTime() < validity.notBefore.getTime() || at.getTime() > validity.notAfter.getTime()) {
    problems.push(
      `The signer certificate was not valid at ${at.toISOString()} (valid ${validity.notBefore.toISOString()} to ${validity.notAfter.toISOString()}).`,
    );
  } else {
    report.certValidAtSigning = true;
  }

  // 6. Trust: the signer certificate is a trust anchor or chains up to one.
  if (options.trustedCertsPem !== undefined) {
    const anchors: X509Certificate[] = [];
    options.trustedCertsPem.forEach((pem, index) => {
      try {
        anchors.push(new X509Certificate(pem));
      } catch {
        problems.push(`Trusted certificate #${index + 1} cannot be read.`);
      }
    });
    report.trusted = chainsToAnchor(signer.x509, anchors, cms.certificates.map((cert) => cert.x509), at);
    if (!report.trusted) problems.push('The signer certificate is not trusted: it is not, and is not issued by, a trusted certificate.');
  }

  return finish(report);
}

function finish(report: PdfSignatureReport): PdfSignatureReport {
  report.valid =
    report.signed &&
    report.coversWholeFile &&
    report.digestMatches &&
    report.signatureValid &&
    report.certValidAtSigning &&
    report.trusted !== false &&
    report.problems.length === 0;
  return report;
}

// ---------------------------------------------------------------------------------------------
// Locating the signature in the PDF

const BYTE_RANGE = Buffer.from('/ByteRange');

/** The last /ByteRange in the file; byteRange is null when it still holds the placeholder. */
function findLastSignature(bytes: Buffer): { position: number; byteRange: [number, number, number, number] | null } | null {
  let position = bytes.lastIndexOf(BYTE_RANGE);
  let placeholder: number | null = null;
  while (position !== -1) {
    const tail = bytes.subarray(position + BYTE_RANGE.length, position + BYTE_RANGE.length + 120).toString('latin1');
    const match = /^\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(tail);
    if (match !== null) {
      const numbers = match.slice(1, 5).map(Number) as [number, number, number, number];
      return { position, byteRange: numbers };
    }
    placeholder ??= position;
    position = position === 0 ? -1 : bytes.lastIndexOf(BYTE_RANGE, position - 1);
  }
  return placeholder === null ? null : { position: placeholder, byteRange: null };
}

function isContentsHexString(bytes: Buffer, start: number, end: number): boolean {
  if (bytes[start] !== 0x3c /* < */ || bytes[end - 1] !== 0x3e /* > */) return false;
  for (let i = start + 1; i < end - 1; i += 1) {
    const c = bytes[i]!;
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex && !isWhitespace(c)) return false;
  }
  // The gap must be the value of a /Contents key.
  let i = start - 1;
  while (i >= 0 && isWhitespace(bytes[i]!)) i -= 1;
  return bytes.subarray(Math.max(0, i - 8), i + 1).toString('latin1') === '/Contents';
}

interface SignatureDictionary {
  strings: Partial<Record<'reason' | 'location' | 'name' | 'contactInfo', string>>;
  subFilter?: string;
  contents?: { start: number; end: number };
}

const STRING_KEYS: Record<string, 'reason' | 'location' | 'name' | 'contactInfo'> = {
  Reason: 'reason',
  Location: 'location',
  Name: 'name',
  ContactInfo: 'contactInfo',
};

/**
 * Reads the top-level entries of the signature dictionary holding the /ByteRange at `position`
 * (an indirect object, as pdfkit and most writers produce). Null when it cannot be found.
 */
function readSignatureDictionary(bytes: Buffer, position: number): SignatureDictionary | null {
  const windowStart = Math.max(0, position - 4096);
  const before = bytes.subarray(windowStart, position).toString('latin1');
  let open = -1;
  for (const match of before.matchAll(/\d+\s+\d+\s+obj\s*<</g)) open = windowStart + match.index + match[0].length - 2;
  if (open === -1) return null;
  try {
    const reader = new PdfReader(bytes, open);
    const result: SignatureDictionary = { strings: {} };
    reader.readDictionary((key, valueStart) => {
      const value = reader.readValue();
      if (key in STRING_KEYS && value.kind === 'string') result.strings[STRING_KEYS[key]!] = decodePdfText(value.bytes);
      else if (key === 'SubFilter' && value.kind === 'name') result.subFilter = value.name;
      else if (key === 'Contents' && value.kind === 'string') result.contents = { start: valueStart, end: reader.offset };
    });
    return result;
  } catch {
    return null;
  }
}

type PdfValue = { kind: 'string'; bytes: Buffer } | { kind: 'name'; name: string } | { kind: 'other' };

/** Just enough of a PDF object reader to walk one dictionary and skip whatever values it holds. */
class PdfReader {
  offset: number;
  constructor(
    private readonly bytes: Buffer,
    start: number,
  ) {
    this.offset = start;
  }

  readDictionary(onEntry: (key: string, valueStart: number) => void): void {
    this.expect('<<');
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith('>>')) {
        this.offset += 2;
        return;
      }
      const key = this.readValue();
      if (key.kind !== 'name') throw new Error('dictionary key expected');
      this.skipWhitespace();
      onEntry(key.name, this.offset);
    }
  }

  readValue(): PdfValue {
    this.skipWhitespace();
    const c = this.peek();
    if (this.startsWith('<<')) {
      this.readDictionary(() => this.readValue());
      return { kind: 'other' };
    }
    if (c === 0x3c /* < */) return { kind: 'string', bytes: this.readHexString() };
    if (c === 0x28 /* ( */) return { kind: 'string', bytes: this.readLiteralString() };
    if (c === 0x2f /* / */) {
      this.offset += 1;
      return { kind: 'name', name: decodeName(this.readRegular()) };
    }
    if (c === 0x5b /* [ */) {
      this.offset += 1;
      for (;;) {
        this.skipWhitespace();
        if (this.peek() === 0x5d /* ] */) {
          this.offset += 1;
          return { kind: 'other' };
        }
        this.readValue();
      }
    }
    const token = this.readRegular();
    if (token === '') throw new Error(`unexpected byte at ${this.offset}`);
    if (/^\d+$/.test(token)) {
      // An indirect reference "12 0 R" is one value.
      const saved = this.offset;
      this.skipWhitespace();
      const generation = this.readRegular();
      this.skipWhitespace();
      if (/^\d+$/.test(generation) && this.readRegular() === 'R') return { kind: 'other' };
      this.offset = saved;
    }
    return { kind: 'other' };
  }

  private readHexString(): Buffer {
    const end = this.bytes.indexOf(0x3e /* > */, this.offset);
    if (end === -1) throw new Error('unterminated hex string');
    const hex = this.bytes.subarray(this.offset + 1, end).toString('latin1').replace(/\s+/g, '');
    this.offset = end + 1;
    return Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex');
  }

  private readLiteralString(): Buffer {
    const out: number[] = [];
    let depth = 0;
    this.offset += 1;
    for (;;) {
      const c = this.bytes[this.offset];
      if (c === undefined) throw new Error('unterminated string');
      this.offset += 1;
      if (c === 0x5c /* \ */) {
        const e = this.bytes[this.offset];
        if (e === undefined) throw new Error('unterminated string');
        this.offset += 1;
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let value = e - 0x30;
          for (let n = 0; n < 2 && (this.peek() ?? 0) >= 0x30 && (this.peek() ?? 0) <= 0x37; n += 1) {
            value = value * 8 + (this.peek()! - 0x30);
            this.offset += 1;
          }
          out.push(value & 0xff);
        } else if (e === 0x0d) {
          if (this.peek() === 0x0a) this.offset += 1; // line continuation
        } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) depth += 1;
      if (c === 0x29) {
        if (depth === 0) return Buffer.from(out);
        depth -= 1;
      }
      out.push(c);
    }
  }

  private readRegular(): string {
    const start = this.offset;
    while (this.offset < this.bytes.length && !isWhitespace(this.bytes[this.offset]!) && !isDelimiter(this.bytes[this.offset]!)) {
      this.offset += 1;
    }
    return this.bytes.subarray(start, this.offset).toString('latin1');
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.peek();
      if (c === undefined) return;
      if (isWhitespace(c)) this.offset += 1;
      else if (c === 0x25 /* % */) {
        while (this.peek() !== undefined && this.peek() !== 0x0a && this.peek() !== 0x0d) this.offset += 1;
      } else return;
    }
  }

  private expect(text: string): void {
    this.skipWhitespace();
    if (!this.startsWith(text)) throw new Error(`"${text}" expected at ${this.offset}`);
    this.offset += text.length;
  }

  private startsWith(text: string): boolean {
    return this.bytes.subarray(this.offset, this.offset + text.length).toString('latin1') === text;
  }

  private peek(): number | undefined {
    return this.bytes[this.offset];
  }
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

function isDelimiter(c: number): boolean {
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}

function decodeName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** PDF text strings: UTF-16BE with a BOM, UTF-8 with a BOM (PDF 2.0), else PDFDocEncoding (~Latin-1). */
function decodePdfText(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}

// ---------------------------------------------------------------------------------------------
// The CMS SignedData (RFC 5652)

interface CmsCertificate {
  der: Buffer;
  x509: X509Certificate;
}

interface ParsedSignedData {
  encapsulatedContentType: string;
  certificates: CmsCertificate[];
  signerMatches: (certificateDer: Buffer) => boolean;
  digestAlgorithmOid: string;
  digestAlgorithm: string | undefined;
  signedAttributes: {
    /** DER of the attributes re-tagged as a SET (what the signature covers). */
    der: Buffer;
    messageDigest?: Buffer;
    contentType?: string;
    signingTime?: Date;
  } | null;
  signatureAlgorithmOid: string;
  signature: Buffer;
}

type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

function parseSignedData(der: Buffer): ParsedSignedData {
  const contentInfo = parseDer(der, { allowTrailingBytes: true }); // /Contents is zero-padded
  const [contentType, explicitContent] = kids(contentInfo);
  if (oidOf(contentType) !== OID.signedData) throw new Error('the content type is not signedData');
  const signedData = kids(explicitContent)[0];
  const fields = kids(signedData);
  let index = 1; // version
  index += 1; // digestAlgorithms
  const encapsulated = fields[index];
  index += 1;
  const encapsulatedContentType = oidOf(kids(encapsulated)[0]);
  const certificates: CmsCertificate[] = [];
  if (isContext(fields[index], 0)) {
    for (const node of kids(fields[index])) {
      if (node.tagClass !== Class.UNIVERSAL || node.type !== Type.SEQUENCE) continue; // other certificate formats
      const certDer = toDer(node);
      certificates.push({ der: certDer, x509: new X509Certificate(certDer) });
    }
    index += 1;
  }
  if (isContext(fields[index], 1)) index += 1; // CRLs
  const signerInfos = kids(fields[index]);
  if (signerInfos.length !== 1) throw new Error(`expected one SignerInfo, found ${signerInfos.length}`);
  const info = kids(signerInfos[0]);

  let i = 1; // version
  const sid = info[i];
  i += 1;
  const digestAlgorithmOid = oidOf(kids(info[i])[0]);
  i += 1;
  let signedAttributes: ParsedSignedData['signedAttributes'] = null;
  if (isContext(info[i], 0)) {
    signedAttributes = readSignedAttributes(info[i]!);
    i += 1;
  }
  const signatureAlgorithmOid = oidOf(kids(info[i])[0]);
  i += 1;
  const signatureNode = info[i];
  if (signatureNode === undefined || typeof signatureNode.value !== 'string') throw new Error('no signature value');

  return {
    encapsulatedContentType,
    certificates,
    signerMatches: signerIdentifierMatcher(sid),
    digestAlgorithmOid,
    digestAlgorithm: DIGEST_BY_OID[digestAlgorithmOid],
    signedAttributes,
    signatureAlgorithmOid,
    signature: Buffer.from(signatureNode.value, 'binary'),
  };
}

function readSignedAttributes(node: Asn1): NonNullable<ParsedSignedData['signedAttributes']> {
  // The signature covers the attributes' DER with the [0] IMPLICIT tag replaced by SET (0x31).
  const asSet = forge.asn1.create(Class.UNIVERSAL, Type.SET, true, kids(node));
  const out: NonNullable<ParsedSignedData['signedAttributes']> = { der: toDer(asSet) };
  for (const attribute of kids(node)) {
    const [type, values] = kids(attribute);
    const value = kids(values)[0];
    if (value === undefined || typeof value.value !== 'string') continue;
    switch (oidOf(type)) {
      case OID.messageDigest:
        out.messageDigest = Buffer.from(value.value, 'binary');
        break;
      case OID.contentType:
        out.contentType = oidOf(value);
        break;
      case OID.signingTime:
        out.signingTime = value.type === Type.UTCTIME ? forge.asn1.utcTimeToDate(value.value) : forge.asn1.generalizedTimeToDate(value.value);
        break;
    }
  }
  return out;
}

/** SignerIdentifier: issuerAndSerialNumber, or [0] subjectKeyIdentifier. */
function signerIdentifierMatcher(sid: Asn1 | undefined): (certificateDer: Buffer) => boolean {
  if (sid === undefined) throw new Error('no signer identifier');
  if (isContext(sid, 0)) {
    const keyId = Buffer.from(typeof sid.value === 'string' ? sid.value : '', 'binary');
    return (certificateDer) => subjectKeyIdentifier(certificateDer)?.equals(keyId) ?? false;
  }
  const [issuer, serial] = kids(sid);
  if (issuer === undefined || serial === undefined) throw new Error('malformed signer identifier');
  const issuerDer = toDer(issuer);
  const serialDer = toDer(serial);
  return (certificateDer) => {
    const tbs = tbsFields(certificateDer);
    return tbs.serial !== undefined && tbs.issuer !== undefined && toDer(tbs.serial).equals(serialDer) && toDer(tbs.issuer).equals(issuerDer);
  };
}

function tbsFields(certificateDer: Buffer): { serial?: Asn1; issuer?: Asn1; validity?: Asn1; extensions?: Asn1 } {
  const fields = kids(kids(parseDer(certificateDer))[0]);
  const offset = isContext(fields[0], 0) ? 1 : 0;
  const result: { serial?: Asn1; issuer?: Asn1; validity?: Asn1; extensions?: Asn1 } = {};
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  const validity = fields[offset + 3];
  const extensions = fields.find((node) => isContext(node, 3));
  if (serial !== undefined) result.serial = serial;
  if (issuer !== undefined) result.issuer = issuer;
  if (validity !== undefined) result.validity = validity;
  if (extensions !== undefined) result.extensions = extensions;
  return result;
}

function subjectKeyIdentifier(certificateDer: Buffer): Buffer | undefined {
  for (const extension of kids(kids(tbsFields(certificateDer).extensions)[0])) {
    const parts = kids(extension);
    if (oidOf(parts[0]) !== OID.subjectKeyIdentifier) continue;
    const wrapped = parts[parts.length - 1];
    if (wrapped === undefined || typeof wrapped.value !== 'string') return undefined;
    const inner = parseDer(Buffer.from(wrapped.value, 'binary'));
    return typeof inner.value === 'string' ? Buffer.from(inner.value, 'binary') : undefined;
  }
  return undefined;
}

function certificateValidity(certificateDer: Buffer): { notBefore: Date; notAfter: Date } {
  const [notBefore, notAfter] = kids(tbsFields(certificateDer).validity);
  const toDate = (node: Asn1 | undefined): Date => {
    if (node === undefined || typeof node.value !== 'string') throw new Error('malformed certificate validity');
    return node.type === Type.UTCTIME ? forge.asn1.utcTimeToDate(node.value) : forge.asn1.generalizedTimeToDate(node.value);
  };
  return { notBefore: toDate(notBefore), notAfter: toDate(notAfter) };
}

function verifySignature(hash: string, message: Buffer, key: KeyObject, keyType: 'rsa' | 'ec', signature: Buffer): boolean {
  try {
    return keyType === 'rsa'
      ? cryptoVerify(hash, message, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
      : cryptoVerify(hash, message, { key, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

/**
 * True when `certificate` is one of the anchors, or is issued (name and signature) by an anchor,
 * possibly through CA certificates carried in the signature. Each certificate on the way must be
 * valid at `at`.
 */
function chainsToAnchor(certificate: X509Certificate, anchors: X509Certificate[], intermediates: X509Certificate[], at: Date): boolean {
  const validAt = (cert: X509Certificate): boolean => {
    const { notBefore, notAfter } = certificateValidity(Buffer.from(cert.raw));
    return at.getTime() >= notBefore.getTime() && at.getTime() <= notAfter.getTime();
  };
  const issues = (issuer: X509Certificate, subject: X509Certificate): boolean => {
    try {
      return issuer.ca && subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
    } catch {
      return false;
    }
  };
  let current = certificate;
  const seen = new Set<string>();
  for (let depth = 0; depth < MAX_CHAIN_LENGTH; depth += 1) {
    if (anchors.some((anchor) => anchor.raw.equals(current.raw))) return true;
    if (anchors.some((anchor) => issues(anchor, current) && validAt(anchor))) return true;
    seen.add(current.fingerprint256);
    const next = intermediates.find((cert) => !seen.has(cert.fingerprint256) && issues(cert, current) && validAt(cert));
    if (next === undefined) return false;
    current = next;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// ASN.1 helpers

function kids(node: Asn1 | undefined): Asn1[] {
  return node !== undefined && Array.isArray(node.value) ? node.value : [];
}

function isContext(node: Asn1 | undefined, tag: number): node is Asn1 {
  return node !== undefined && node.tagClass === Class.CONTEXT_SPECIFIC && node.type === tag;
}

function oidOf(node: Asn1 | undefined): string {
  if (node === undefined || node.type !== Type.OID || typeof node.value !== 'string') throw new Error('object identifier expected');
  return forge.asn1.derToOid(forge.util.createBuffer(node.value));
}

function toDer(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}
