// Signs a PDF as adbe.pkcs7.detached: @signpdf/placeholder-pdfkit reserves the signature
// dictionary while the pdfkit document is still open, then @signpdf/signpdf fills in the byte
// range and the CMS SignedData made by @signpdf/signer-p12 (SHA-256, with a signingTime signed
// attribute).
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SignPdfError } from '@signpdf/utils';
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
    signingTime,
    signatureLength: options.placeholderBytes ?? DEFAULT_PLACEHOLDER_BYTES,
    ...(options.appName === undefined ? {} : { appName: options.appName }),
  });
  pdf.end();
  return signPdfBytes(await unsigned, { p12: options.p12, passphrase: options.passphrase, signingTime });
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
