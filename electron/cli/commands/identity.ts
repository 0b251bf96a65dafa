import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { obtainPassphrase } from '../passphrase.js';

export const identityUsage = `Usage: gatehouse identity create --name NAME --email EMAIL --out FILE.p12 [--org ORG]
                                [--passphrase-file F] [--cert-out FILE.pem] [--valid-days N]
       gatehouse identity show FILE.p12 [--passphrase-file F]

create  makes a signing identity for reports: an RSA 3072 key and a self-signed X.509 certificate
        (3 years unless --valid-days), kept together in a PKCS#12 file encrypted under a
        passphrase. The passphrase comes from --passphrase-file (its first line) or is typed at a
        hidden prompt; it is never echoed or logged. Existing files are never overwritten.
        The certificate alone goes to --cert-out (default: FILE-cert.pem next to FILE.p12): give
        it to whoever verifies your reports (gatehouse verify report.pdf --trust FILE-cert.pem).
show    prints the subject, fingerprint and validity of a PKCS#12 file (.p12/.pfx), including
        one issued by your organisation.`;

export async function runIdentity(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      name: { type: 'string' },
      org: { type: 'string' },
      email: { type: 'string' },
      out: { type: 'string', short: 'o' },
      'cert-out': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'valid-days': { type: 'string' },
    },
    identityUsage,
  );
  if (values.help) {
    process.stdout.write(identityUsage + '\n');
    return 0;
  }
  const [sub, file, ...extra] = positionals;
  const { createIdentity, formatSubject, IdentityError, loadIdentity } = await import('../../node/pdf/identity.js');
  if (sub === 'create') {
    if (file !== undefined) throw new CliError(`identity create takes no positional arguments (use --out FILE)\n\n${identityUsage}`);
    if (!values.name || !values.email || !values.out) throw new CliError(`--name, --email and --out are required\n\n${identityUsage}`);
    const out = values.out;
    const certOut = values['cert-out'] ?? defaultCertFile(out);
    for (const target of [out, certOut]) if (existsSync(target)) throw new CliError(`${target} already exists; an identity is never overwritten`);
    const validDays = values['valid-days'] === undefined ? undefined : Number(values['valid-days']);
    if (validDays !== undefined && !Number.isInteger(validDays)) throw new CliError(`--valid-days must be a whole number (got "${values['valid-days']}")`);
    const passphrase = await obtainPassphrase({ file: values['passphrase-file'], confirm: true, what: `the new identity ${out}` });
    let created;
    try {
      created = createIdentity({
        name: values.name,
        org: values.org ?? '',
        email: values.email,
        keyType: 'rsa-3072',
        passphrase,
        ...(validDays !== undefined ? { validDays } : {}),
      });
    } catch (e) {
      if (e instanceof IdentityError) throw new CliError(e.message);
      throw e;
    }
    // The key exists on disk only inside the encrypted PKCS#12; 'wx' refuses to replace a file.
    writeFileSync(out, created.p12, { flag: 'wx', mode: 0o600 });
    writeFileSync(certOut, created.certPem, { flag: 'wx', mode: 0o644 });
    const loaded = loadIdentity(created.p12, passphrase);
    process.stdout.write(
      [
        `Created signing identity ${out} (RSA 3072, PKCS#12 encrypted with AES-256)`,
        `  Subject:     ${formatSubject(loaded.subject)}`,
        `  Fingerprint: SHA-256 ${created.fingerprint}`,
        `  Valid:       ${loaded.notBefore.toISOString().slice(0, 10)} to ${loaded.notAfter.toISOString().slice(0, 10)}`,
        `  Certificate: ${certOut} (share it with those who verify your reports)`,
        '',
      ].join('\n'),
    );
    return 0;
  }
  if (sub === 'show') {
    if (!file || extra.length > 0) throw new CliError(`name one PKCS#12 file\n\n${identityUsage}`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new CliError(`cannot read ${file}`);
    }
    const passphrase = await obtainPassphrase({ file: values['passphrase-file'], what: file });
    try {
      const identity = loadIdentity(bytes, passphrase);
      process.stdout.write(
        [
          `${file}`,
          `  Subject:     ${formatSubject(identity.subject)}`,
          `  Fingerprint: SHA-256 ${identity.fingerprint}`,
          `  Valid:       ${identity.notBefore.toISOString().slice(0, 10)} to ${identity.notAfter.toISOString().slice(0, 10)}`,
          '',
        ].join('\n'),
      );
      return 0;
    } catch (e) {
      if (e instanceof IdentityError) throw new CliError(e.message);
      throw e;
    }
  }
  throw new CliError(`unknown identity command "${sub ?? ''}"\n\n${identityUsage}`);
}

/** me.p12 → me-cert.pem */
export function defaultCertFile(p12File: string): string {
  const dir = path.dirname(p12File);
  const base = path.basename(p12File).replace(/\.(p12|pfx)$/i, '');
  return path.join(dir, `${base}-cert.pem`);
}
