// Signs a PDF as adbe.pkcs7.detached: @signpdf/placeholder-pdfkit reserves the signature
// dictionary while the pdfkit document is still open, then @signpdf/signpdf fills in the byte
// range and the CMS SignedData made by @signpdf/signer-p12 (SHA-256, with a signingTime signed
// attribute).
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SignPdfError } from '@signpdf/utils';
import { createHash, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import forge from 'node-forge';
import { openPkcs12, parseDer } from './identity.js';

/**
 * The part of a pdfkit document (as pdfmake 0.3 `createPdf(dd).getStream()` resolves it) that
 * signing needs. pdfkit has no typings here; this is the structural contract.
 */
export interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  end(): void;
}

export interface SigningKey {
  /** PKCS#12 bytes from createIdentity(). */
  p12: Buffer;
  passphrase: string;
}

export interface SignatureDetails {
  reason: string;
  location: string;
  /** Signer's name as shown by PDF readers. */
  name: string;
  contactInfo: string;
  /** Time written to the signature dictionary (/M) and signed in the CMS; default now. */
  signingTime?: Date;
}

export interface SignDocumentOptions extends SigningKey, SignatureDetails {
  /** Bytes reserved for the CMS signature (the PDF holds twice as many hex digits). */
  placeholderBytes?: number;
  /** Written to the signature's /Prop_Build /App /Name. */
  appName?: string;
}

/**
 * Room for the CMS: an RSA-3072 signature and certificate take about 2 KB; this leaves space for
 * a chain of several certificates.
 */
export const DEFAULT_PLACEHOLDER_BYTES = 16_384;

/**
 * Adds the signature placeholder to an open pdfkit document, ends it, collects its bytes and
 * returns the signed PDF. The document must not have been ended or read from yet.
 */
export async function signPdfDocument(pdf: PdfKitDocument, options: SignDocumentOptions): Promise<Buffer> {
  const signingTime = options.signingTime ?? new Date();
  const unsigned = await endWithPlaceholder(pdf, { ...options, signingTime });
  return signPdfBytes(unsigned, { p12: options.p12, passphrase: options.passphrase, signingTime });
}

/** A PKCS#12 identity already opened with openPkcs12(): the key is decrypted once, not per signature. */
export interface OpenedSigningKey {
  privateKey: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
  /** Every certificate of the PKCS#12 (the signer's included), embedded in the CMS. */
  chain: forge.pki.Certificate[];
}

/**
 * signPdfDocument with an identity opened beforehand: the caller that already had to open the
 * PKCS#12 (to show the signer, check its validity) saves the second key derivation, which
 * node-forge runs in JavaScript.
 */
export async function signPdfDocumentWithKey(
  pdf: PdfKitDocument,
  options: OpenedSigningKey & SignatureDetails & Pick<SignDocumentOptions, 'placeholderBytes' | 'appName'>,
): Promise<Buffer> {
  const signingTime = options.signingTime ?? new Date();
  const unsigned = await endWithPlaceholder(pdf, { ...options, signingTime });
  return new SignPdf().sign(unsigned, new OpenedKeySigner(options), signingTime);
}

async function endWithPlaceholder(
  pdf: PdfKitDocument,
  options: SignatureDetails & Pick<SignDocumentOptions, 'placeholderBytes' | 'appName'> & { signingTime: Date },
): Promise<Buffer> {
  const unsigned = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdfkitAddPlaceholder({
    pdf,
    pdfBuffer: Buffer.alloc(0), // required by the typings, unused by the pdfkit placeholder
    reason: options.reason,
    location: options.location,
    name: options.name,
    contactInfo: options.contactInfo,
    signingTime: options.signingTime,
    signatureLength: options.placeholderBytes ?? DEFAULT_PLACEHOLDER_BYTES,
    ...(options.appName === undefined ? {} : { appName: options.appName }),
  });
  pdf.end();
  return unsigned;
}

/**
 * The CMS that @signpdf's P12Signer makes (SignedData, detached, SHA-256 with RSA, signed
 * attributes contentType, signingTime and messageDigest in that order, every certificate of the
 * identity), built here with node:crypto doing the hashing and the RSA signature: node-forge
 * does both in JavaScript, which took longer than rendering a small report. The signer's issuer
 * and serial are copied from the certificate's own DER.
 */
class OpenedKeySigner extends Signer {
  constructor(private readonly key: OpenedSigningKey) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return buildSignedData(pdfBuffer, this.key, signingTime ?? new Date());
  }
}

export function buildSignedData(content: Buffer, key: OpenedSigningKey, signingTime: Date): Buffer {
  const { Class, Type } = forge.asn1;
  const node = (type: number, value: forge.asn1.Asn1[] | string, constructed = Array.isArray(value)) =>
    forge.asn1.create(Class.UNIVERSAL, type, constructed, value);
  const oid = (id: string) => node(Type.OID, forge.asn1.oidToDer(id).getBytes());
  const algorithm = (id: string) => node(Type.SEQUENCE, [oid(id), node(Type.NULL, '')]);
  const attribute = (type: string, value: forge.asn1.Asn1) => node(Type.SEQUENCE, [oid(type), node(Type.SET, [value])]);
  const time = (date: Date) =>
    date.getUTCFullYear() >= 1950 && date.getUTCFullYear() < 2050
      ? node(Type.UTCTIME, forge.asn1.dateToUtcTime(date))
      : node(Type.GENERALIZEDTIME, forge.asn1.dateToGeneralizedTime(date));
  const oids = forge.pki.oids as Record<string, string>;

  const certificates: forge.asn1.Asn1[] = [];
  const seen = new Set<string>();
  for (const certificate of [key.certificate, ...key.chain]) {
    const asn1 = forge.pki.certificateToAsn1(certificate); // the certificate as parsed: exact bytes
    const der = forge.asn1.toDer(asn1).getBytes();
    if (seen.has(der)) continue;
    seen.add(der);
    certificates.push(asn1);
  }
  const signerAsn1 = forge.pki.certificateToAsn1(key.certificate);
  const tbs = (signerAsn1.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
  const offset = tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  const serial = tbs[offset]!;
  const issuer = tbs[offset + 2]!;

  const digest = createHash('sha256').update(content).digest();
  const attributes = [
    attribute(oids.contentType!, oid(oids.data!)),
    attribute(oids.signingTime!, time(signingTime)),
    attribute(oids.messageDigest!, node(Type.OCTETSTRING, digest.toString('binary'))),
  ];
  // The signature covers the attributes DER-encoded as a SET; the SignerInfo carries them [0] IMPLICIT.
  const signedAttributes = Buffer.from(forge.asn1.toDer(node(Type.SET, attributes)).getBytes(), 'binary');
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(key.privateKey));
  const signature = cryptoSign('sha256', signedAttributes, privateKey);

  const signerInfo = node(Type.SEQUENCE, [
    node(Type.INTEGER, String.fromCharCode(1)),
    node(Type.SEQUENCE, [issuer, serial]),
    algorithm(oids.sha256!),
    forge.asn1.create(Class.CONTEXT_SPECIFIC, 0, true, attributes),
    algorithm(oids.rsaEncryption!),
    node(Type.OCTETSTRING, signature.toString('binary')),
  ]);
  const signedData = node(Type.SEQUENCE, [
    node(Type.INTEGER, String.fromCharCode(1)),
    node(Type.SET, [algorithm(oids.sha256!)]),
    node(Type.SEQUENCE, [oid(oids.data!)]),
    forge.asn1.create(Class.CONTEXT_SPECIFIC, 0, true, certificates),
    node(Type.SET, [signerInfo]),
  ]);
  const contentInfo = node(Type.SEQUENCE, [oid(oids.signedData!), forge.asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [signedData])]);
  return Buffer.from(forge.asn1.toDer(contentInfo).getBytes(), 'binary');
}

/**
 * Signs PDF bytes that already carry a signature placeholder (/ByteRange [0 /********** …] and
 * an empty /Contents). Throws IdentityError ('wrong-passphrase', 'unsupported-key-type') when the
 * PKCS#12 cannot be used; SignPdfError when the placeholder is missing or too small.
 */
export async function signPdfBytes(pdfWithPlaceholder: Buffer, options: SigningKey & { signingTime?: Date }): Promise<Buffer> {
  // A P12Signer signs once only, and SignPdf keeps the last signature: fresh instances per call.
  const signer = new CheckedP12Signer({ p12: options.p12, passphrase: options.passphrase });
  return new SignPdf().sign(pdfWithPlaceholder, signer, options.signingTime ?? new Date());
}

/**
 * P12Signer with two fixes:
 * - when node-forge fails to open the PKCS#12 ("MAC could not be verified", ASN.1 errors, a key
 *   it cannot read), the error says why: wrong passphrase, not PKCS#12, or not an RSA key;
 * - the SignerInfo's issuer is copied byte for byte from the signer certificate. node-forge
 *   re-encodes the issuer name from its parsed fields and UTF-8-encodes non-ASCII UTF8String
 *   values a second time, so with a name such as "Jürgen" no verifier could find the signer
 *   certificate. The issuer is not covered by the signature, so it can be corrected afterwards.
 */
class CheckedP12Signer extends P12Signer {
  private readonly key: SigningKey;

  constructor(key: SigningKey) {
    super(key.p12, { passphrase: key.passphrase });
    this.key = key;
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    let cms: Buffer;
    try {
      cms = await super.sign(pdfBuffer, signingTime);
    } catch (cause) {
      if (cause instanceof SignPdfError) throw cause;
      openPkcs12(this.key.p12, this.key.passphrase); // throws the IdentityError that explains it
      throw cause;
    }
    return withExactSignerIssuer(cms);
  }
}

/** Replaces each SignerInfo's issuerAndSerialNumber.issuer with the issuer DER of the certificate with that serial. */
function withExactSignerIssuer(cms: Buffer): Buffer {
  const { Class, Type } = forge.asn1;
  const kids = (node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] => (node !== undefined && Array.isArray(node.value) ? node.value : []);
  const der = (node: forge.asn1.Asn1): string => forge.asn1.toDer(node).getBytes();

  const contentInfo = parseDer(cms);
  const signedData = kids(kids(contentInfo)[1])[0];
  const fields = kids(signedData);
  const certificateSet = fields.find((node) => node.tagClass === Class.CONTEXT_SPECIFIC && node.type === 0);
  const signerInfos = fields[fields.length - 1];
  let changed = false;
  for (const signerInfo of kids(signerInfos)) {
    const sid = kids(signerInfo)[1];
    if (sid === undefined || sid.tagClass !== Class.UNIVERSAL || sid.type !== Type.SEQUENCE) continue;
    const [issuer, serial] = kids(sid);
    if (issuer === undefined || serial === undefined) continue;
    for (const certificate of kids(certificateSet)) {
      const tbs = kids(kids(certificate)[0]);
      const offset = tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
      const certSerial = tbs[offset];
      const certIssuer = tbs[offset + 2];
      if (certSerial === undefined || certIssuer === undefined || der(certSerial) !== der(serial)) continue;
      if (der(certIssuer) !== der(issuer)) {
        (sid.value as forge.asn1.Asn1[])[0] = certIssuer;
        changed = true;
      }
      break;
    }
  }
  return changed ? Buffer.from(forge.asn1.toDer(contentInfo).getBytes(), 'binary') : cms;
}
