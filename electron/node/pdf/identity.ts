// Signing identities for issued reports: a self-signed X.509 certificate and its private key,
// kept together in a PKCS#12 file encrypted under the auditor's passphrase.
//
// The key pair comes from node:crypto (fast, native); node-forge builds the certificate and the
// PKCS#12 container. The private key only ever exists unencrypted in memory: callers get the
// encrypted PKCS#12 bytes and decide where to store them.
import * as cryptoModule from 'node:crypto';
import { createHash, generateKeyPairSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export type IdentityKeyType = 'rsa-3072' | 'ec-p256';

export interface CreateIdentityInput {
  /** Signer's name: the certificate's common name (CN). */
  name: string;
  /** Organization (O); omitted from the certificate when empty. */
  org: string;
  /** E-mail address: subject emailAddress (E) and subjectAltName rfc822Name. */
  email: string;
  keyType: IdentityKeyType;
  /** Encrypts the PKCS#12 file; must not be empty. */
  passphrase: string;
  /** Validity in days from now; default 1095 (three years). */
  validDays?: number;
  /** Clock for tests; default `new Date()`. */
  now?: Date;
}

export interface CreatedIdentity {
  /** PKCS#12 (private key shrouded with PBES2 AES-256-CBC / PBKDF2-HMAC-SHA256, certificate, MAC). */
  p12: Buffer;
  certPem: string;
  /** SHA-256 of the DER certificate, lowercase hex without separators. */
  fingerprint: string;
}

/** The subject fields Gatehouse shows; '' when the certificate does not carry one. */
export interface CertificateSubject {
  CN: string;
  O: string;
  E: string;
}

export interface LoadedIdentity {
  certPem: string;
  certificateDer: Buffer;
  subject: CertificateSubject;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

export type IdentityErrorCode = 'invalid-input' | 'unsupported-key-type' | 'wrong-passphrase' | 'no-private-key';

export class IdentityError extends Error {
  readonly code: IdentityErrorCode;
  constructor(code: IdentityErrorCode, message: string) {
    super(message);
    this.name = 'IdentityError';
    this.code = code;
  }
}

const DEFAULT_VALID_DAYS = 1095;
const MAX_VALID_DAYS = 7300;
/** PBKDF2 and PKCS#12-MAC iteration count (both derivations run natively: useNativeKeyDerivation). */
const PKCS12_ITERATIONS = 100_000;

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

export function createIdentity(input: CreateIdentityInput): CreatedIdentity {
  const name = input.name.trim();
  const org = input.org.trim();
  const email = input.email.trim();
  const validDays = input.validDays ?? DEFAULT_VALID_DAYS;
  if (name === '') throw new IdentityError('invalid-input', 'The signer name must not be empty.');
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || !/^[\x21-\x7e]+$/.test(email)) {
    throw new IdentityError('invalid-input', `Not a usable e-mail address: "${input.email}".`);
  }
  if (input.passphrase === '') throw new IdentityError('invalid-input', 'The passphrase must not be empty.');
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > MAX_VALID_DAYS) {
    throw new IdentityError('invalid-input', `validDays must be a whole number from 1 to ${MAX_VALID_DAYS}.`);
  }
  if (input.keyType === 'ec-p256') {
    // node-forge 1.4 can neither put an EC key into a certificate nor into a PKCS#12 file, and
    // @signpdf's P12Signer only signs with RSA keys.
    throw new IdentityError('unsupported-key-type', 'Key type ec-p256 is not supported yet: use rsa-3072.');
  }
  if (input.keyType !== 'rsa-3072') {
    throw new IdentityError('unsupported-key-type', `Unknown key type "${String(input.keyType)}": use rsa-3072.`);
  }

  const { privateKey: privatePem, publicKey: publicPem } = generateKeyPairSync('rsa', {
    modulusLength: 3072,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const privateKey = forge.pki.privateKeyFromPem(privatePem);
  const publicKey = forge.pki.publicKeyFromPem(publicPem);

  const now = input.now ?? new Date();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = positiveSerialHex();
  // A minute of slack so a report signed right away is not "before" the certificate on a clock
  // that is a little behind.
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + validDays * 86_400_000);
  const subject: forge.pki.CertificateField[] = [nameField(OID_COMMON_NAME, name, forge.asn1.Type.UTF8)];
  if (org !== '') subject.push(nameField(OID_ORGANIZATION, org, forge.asn1.Type.UTF8));
  subject.push(nameField(OID_EMAIL_ADDRESS, email, forge.asn1.Type.IA5STRING));
  cert.setSubject(subject);
  cert.setIssuer(subject);
  // No extKeyUsage on purpose: NSS (poppler's pdfsig, Firefox, Thunderbird) reads a CA:true
  // certificate with any extended key usage (emailProtection, document signing
  // 1.3.6.1.4.1.311.10.3.12) as an e-mail CA rather than a signer, and reports
  // "Certificate type not approved" even when the certificate is trusted. keyUsage restricts the
  // key to signatures; CA:true with key identifiers is what lets NSS trust the self-signed certificate.
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyCertSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: true },
    { name: 'subjectAltName', altNames: [{ type: 1, value: email }] },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());

  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, [cert], input.passphrase, {
    algorithm: 'aes256',
    // Typed as a union of cipher names in @types/node-forge, but passed through to
    // encryptPrivateKeyInfo, which reads it.
    ...({ prfAlgorithm: 'sha256' } as object),
    count: PKCS12_ITERATIONS,
    saltSize: 16,
    friendlyName: name,
    generateLocalKeyId: true,
  });
  const p12 = Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary');
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { p12, certPem: derToPem(certDer), fingerprint: sha256Hex(certDer) };
}

/**
 * Opens a PKCS#12 file and describes the certificate that belongs to its private key.
 * Throws IdentityError('wrong-passphrase') when the passphrase is wrong or the bytes are not PKCS#12.
 */
export function loadIdentity(p12: Buffer, passphrase: string): LoadedIdentity {
  const { certificate } = openPkcs12(p12, passphrase);
  const certificateDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
  return {
    certPem: derToPem(certificateDer),
    certificateDer,
    subject: readCertificateSubject(certificateDer),
    fingerprint: sha256Hex(certificateDer),
    notBefore: certificate.validity.notBefore,
    notAfter: certificate.validity.notAfter,
  };
}

/** Decrypts a PKCS#12 file in memory and returns its RSA key and the matching certificate. */
export function openPkcs12(
  p12: Buffer,
  passphrase: string,
): { privateKey: forge.pki.rsa.PrivateKey; certificate: forge.pki.Certificate; chain: forge.pki.Certificate[] } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (cause) {
    throw Object.assign(new IdentityError('wrong-passphrase', 'Cannot open the signing identity: wrong passphrase or not a PKCS#12 file.'), {
      cause,
    });
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certBags = parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  if (keyBags.length === 0) throw new IdentityError('no-private-key', 'The PKCS#12 file holds no private key.');
  // node-forge leaves `key` null for keys it cannot read (EC, Ed25519).
  const privateKey = keyBags.map((bag) => bag.key as forge.pki.rsa.PrivateKey | null | undefined).find((key) => key?.n !== undefined);
  if (privateKey === undefined || privateKey === null) {
    throw new IdentityError('unsupported-key-type', 'The PKCS#12 file holds a key that is not RSA: only RSA keys are supported yet.');
  }
  const chain = certBags.flatMap((bag) => (bag.cert === undefined ? [] : [bag.cert]));
  const certificate = chain.find((cert) => {
    const key = cert.publicKey as forge.pki.rsa.PublicKey;
    return key.n !== undefined && key.n.equals(privateKey.n) && key.e.equals(privateKey.e);
  });
  if (certificate === undefined) {
    throw new IdentityError('no-private-key', 'The PKCS#12 file holds no certificate for its private key.');
  }
  return { privateKey, certificate, chain };
}

/**
 * Reads CN, O and E from a DER certificate's subject. Works for any key type (it only walks the
 * ASN.1), so the verifier can use it on certificates node-forge cannot load.
 */
export function readCertificateSubject(certificateDer: Buffer): CertificateSubject {
  const cert = parseDer(certificateDer);
  const tbs = childAt(cert, 0);
  const tbsFields = children(tbs);
  // TBSCertificate: [0] version (optional), serial, signature, issuer, validity, subject, …
  const offset = tbsFields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const subjectName = tbsFields[offset + 4];
  const out: CertificateSubject = { CN: '', O: '', E: '' };
  if (subjectName === undefined) return out;
  for (const rdn of children(subjectName)) {
    for (const attribute of children(rdn)) {
      const [typeNode, valueNode] = children(attribute);
      if (typeNode === undefined || valueNode === undefined || typeof valueNode.value !== 'string') continue;
      const oid = forge.asn1.derToOid(forge.util.createBuffer(typeNode.value as string));
      const text = decodeDirectoryString(valueNode.type, valueNode.value);
      if (oid === OID_COMMON_NAME && out.CN === '') out.CN = text;
      else if (oid === OID_ORGANIZATION && out.O === '') out.O = text;
      else if (oid === OID_EMAIL_ADDRESS && out.E === '') out.E = text;
    }
  }
  return out;
}

/** "CN=Jane Doe, O=Acme, E=jane@example.org" (empty parts left out). */
export function formatSubject(subject: CertificateSubject): string {
  return [subject.CN && `CN=${subject.CN}`, subject.O && `O=${subject.O}`, subject.E && `E=${subject.E}`].filter(Boolean).join(', ');
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function derToPem(certificateDer: Buffer): string {
  const lines = certificateDer.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Strict DER parse that leaves BIT STRING contents alone (node-forge otherwise tries to read them
 * as nested ASN.1). The options object is real in node-forge 1.4 but missing from its typings.
 */
export function parseDer(bytes: Buffer, options: { allowTrailingBytes?: boolean } = {}): forge.asn1.Asn1 {
  const fromDer = forge.asn1.fromDer as unknown as (
    input: forge.util.ByteStringBuffer,
    options: { strict: boolean; decodeBitStrings: boolean; parseAllBytes: boolean },
  ) => forge.asn1.Asn1;
  return fromDer(forge.util.createBuffer(bytes.toString('binary')), {
    strict: true,
    decodeBitStrings: false,
    parseAllBytes: options.allowTrailingBytes !== true,
  });
}

/** A subject attribute with an explicit string type (the typings call the tag a Class; it is a Type). */
function nameField(type: string, value: string, tag: forge.asn1.Type): forge.pki.CertificateField {
  return { type, value, valueTagClass: tag as unknown as forge.asn1.Class };
}

function decodeDirectoryString(type: number, raw: string): string {
  const bytes = Buffer.from(raw, 'binary');
  if (type === forge.asn1.Type.BMPSTRING) return bytes.swap16().toString('utf16le');
  if (type === forge.asn1.Type.UTF8) return bytes.toString('utf8');
  return bytes.toString('latin1');
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return node !== undefined && Array.isArray(node.value) ? node.value : [];
}

function childAt(node: forge.asn1.Asn1, index: number): forge.asn1.Asn1 | undefined {
  return children(node)[index];
}

/** 16 random bytes, high bit clear and second-highest set: a positive, minimally encoded INTEGER. */
function positiveSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

type ForgePbkdf2 = (password: string, salt: string, iterations: number, keyLength: number, md?: unknown, callback?: unknown) => string;
type ForgePkcs12Kdf = (password: string | null | undefined, salt: forge.util.ByteStringBuffer, id: number, iterations: number, n: number, md?: unknown) => forge.util.ByteStringBuffer;

const NATIVE = Symbol.for('gatehouse.nativeKeyDerivation');
const DIGESTS: Record<string, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

function pureJavaScript(): boolean {
  return (forge as unknown as { options: { usePureJavaScript?: boolean } }).options.usePureJavaScript === true;
}

/**
 * node-forge runs both key derivations of a PKCS#12 file in JavaScript: PBKDF2 for the key bag
 * (HMAC-SHA256, 100,000 iterations) and the PKCS#12 KDF (RFC 7292 B.2) for the MAC. Together they
 * took over a second for every identity opened or created, for every signed report. This sends
 * both to node:crypto (OpenSSL), which derives the same bytes in a fraction of that:
 * - PBKDF2 when the PRF is a digest OpenSSL knows and the passphrase has no character beyond
 *   U+00FF (node-forge feeds such strings to HMAC in a way no other implementation reproduces,
 *   and existing files must keep opening);
 * - the PKCS#12 KDF with the password as UTF-16BE code units plus a 0x0000 terminator, exactly
 *   as node-forge forms it.
 * `forge.options.usePureJavaScript` keeps node-forge's own code (the tests compare the two).
 */
function useNativeKeyDerivation(): void {
  const pkcs5 = forge.pkcs5 as unknown as { pbkdf2: ForgePbkdf2 & { [NATIVE]?: true } };
  if (pkcs5.pbkdf2[NATIVE]) return;
  const originalPbkdf2 = pkcs5.pbkdf2;
  const pbkdf2: ForgePbkdf2 & { [NATIVE]?: true } = (password, salt, iterations, keyLength, md, callback) => {
    const algorithm = digestName(md);
    if (callback === undefined && !pureJavaScript() && algorithm !== undefined && typeof password === 'string' && typeof salt === 'string' && /^[\u0000-\u00ff]*$/.test(password)) {
      return pbkdf2Sync(Buffer.from(password, 'latin1'), Buffer.from(salt, 'latin1'), iterations, keyLength, algorithm).toString('latin1');
    }
    return originalPbkdf2(password, salt, iterations, keyLength, md, callback);
  };
  pbkdf2[NATIVE] = true;
  pkcs5.pbkdf2 = pbkdf2;
  (forge as unknown as { pbkdf2: ForgePbkdf2 }).pbkdf2 = pbkdf2;

  const pbe = (forge.pki as unknown as { pbe: { generatePkcs12Key: ForgePkcs12Kdf } }).pbe;
  const originalKdf = pbe.generatePkcs12Key;
  const kdf: ForgePkcs12Kdf = (password, salt, id, iterations, n, md) => {
    const algorithm = md === undefined || md === null ? 'sha1' : digestName(md);
    if (pureJavaScript() || algorithm === undefined || !(iterations >= 1)) return originalKdf(password, salt, id, iterations, n, md);
    const derived = pkcs12Kdf(password, Buffer.from(salt.bytes(), 'latin1'), id, iterations, n, algorithm);
    return forge.util.createBuffer(derived.toString('latin1'));
  };
  pbe.generatePkcs12Key = kdf;
  (forge.pkcs12 as unknown as { generateKey: ForgePkcs12Kdf }).generateKey = kdf;
}

function digestName(md: unknown): string | undefined {
  const name = typeof md === 'object' && md !== null ? (md as { algorithm?: unknown }).algorithm : undefined;
  return typeof name === 'string' && name in DIGESTS ? name : undefined;
}

/** crypto.hash (Node 20.12+) where present: about twice as fast as createHash for tiny inputs. */
const oneShotHash: (algorithm: string, data: Buffer) => Buffer =
  typeof (cryptoModule as { hash?: unknown }).hash === 'function'
    ? (algorithm, data) => (cryptoModule as unknown as { hash(a: string, d: Buffer, e: 'buffer'): Buffer }).hash(algorithm, data, 'buffer')
    : (algorithm, data) => createHash(algorithm).update(data).digest();

/** RFC 7292 appendix B.2, as node-forge computes it. */
export function pkcs12Kdf(password: string | null | undefined, salt: Buffer, id: number, iterations: number, n: number, algorithm: string): Buffer {
  const sizes = DIGESTS[algorithm];
  if (sizes === undefined) throw new Error(`unsupported PKCS#12 KDF digest ${algorithm}`);
  const { u, v } = sizes;
  const pass = Buffer.alloc(password === null || password === undefined ? 0 : password.length * 2 + 2);
  if (password !== null && password !== undefined) for (let i = 0; i < password.length; i += 1) pass.writeUInt16BE(password.charCodeAt(i), i * 2);
  const repeat = (bytes: Buffer, length: number) => {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) out[i] = bytes[i % bytes.length]!;
    return out;
  };
  const diversifier = Buffer.alloc(v, id);
  const input = Buffer.concat([repeat(salt, v * Math.ceil(salt.length / v)), repeat(pass, v * Math.ceil(pass.length / v))]);
  const blocks: Buffer[] = [];
  for (let i = 0; i < Math.ceil(n / u); i += 1) {
    let a: Buffer = createHash(algorithm).update(diversifier).update(input).digest();
    for (let round = 1; round < iterations; round += 1) a = oneShotHash(algorithm, a);
    blocks.push(a);
    const b = repeat(a, v);
    for (let j = 0; j < input.length / v; j += 1) {
      // I_j = (I_j + B + 1) mod 2^(8v)
      let carry = 1;
      for (let l = v - 1; l >= 0; l -= 1) {
        const sum = input[j * v + l]! + b[l]! + carry;
        input[j * v + l] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, n);
}

// Installed once, when this module loads (after the definitions above).
useNativeKeyDerivation();
