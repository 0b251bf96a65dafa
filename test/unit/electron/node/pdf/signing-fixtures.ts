// Shared by the PDF signing tests: a small pdfmake 0.3 document and the poppler/qpdf/NSS tools.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfKitDocument } from '../../../../../electron/node/pdf/sign.js';

interface PdfMake {
  setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(documentDefinition: object): { getStream(): Promise<PdfKitDocument>; getBuffer(): Promise<Buffer> };
}

const require = createRequire(import.meta.url);
// pdfmake 0.3 ships no typings; the singleton is loaded through require and typed above.
const pdfmake = require('pdfmake') as PdfMake;
const roboto = (require('pdfmake/fonts/Roboto') as { Roboto: Record<'normal' | 'bold' | 'italics' | 'bolditalics', string> }).Roboto;
const fontFiles = new Set(Object.values(roboto));
pdfmake.setFonts({ Roboto: roboto });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => fontFiles.has(path));

export const REPORT_TEXT = 'Gatehouse audit report: 3 findings';

const documentDefinition = (): object => ({
  info: { title: 'Gatehouse test report', producer: 'Gatehouse tests' },
  content: [
    { text: REPORT_TEXT, fontSize: 18, bold: true },
    { text: 'API2:2023 Broken Authentication: the API key travels in the query string.' },
    {
      table: {
        headerRows: 1,
        body: [
          ['Rule', 'Severity'],
          ['spec.auth.api-key-in-query', 'high'],
          ['gateway.tls.plain-http-listener', 'medium'],
          ['traffic.pii.email-in-url', 'low'],
        ],
      },
    },
  ],
});

/** The pdfkit document before end(), as the report renderer will hand it over. */
export function openTestDocument(): Promise<PdfKitDocument> {
  return pdfmake.createPdf(documentDefinition()).getStream();
}

/** The same document, unsigned. */
export function unsignedTestPdf(): Promise<Buffer> {
  return pdfmake.createPdf(documentDefinition()).getBuffer();
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gatehouse-pdf-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeTemp(dir: string, name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

export interface ToolRun {
  status: number | null;
  output: string;
}

/** Runs a required tool; a missing tool fails the test (ENOENT), it is never skipped. */
export function runTool(command: string, args: string[]): ToolRun {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) throw new Error(`${command} could not run: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `pdfsig` exits 0 even for a broken signature: callers read its text. */
export function pdfsig(file: string, nssDir?: string): string {
  return runTool('pdfsig', nssDir === undefined ? [file] : ['-nssdir', `sql:${nssDir}`, file]).output;
}

/** A fresh NSS database (in a new folder under `dir`) that trusts the given certificate. */
export function nssDbTrusting(dir: string, certPem: string): string {
  const db = mkdtempSync(join(dir, 'nssdb-'));
  const created = runTool('certutil', ['-N', '--empty-password', '-d', `sql:${db}`]);
  if (created.status !== 0) throw new Error(`certutil -N failed: ${created.output}`);
  const certFile = writeTemp(db, 'trusted.pem', certPem);
  const added = runTool('certutil', ['-A', '-n', 'gh', '-t', 'CT,C,C', '-i', certFile, '-d', `sql:${db}`]);
  if (added.status !== 0) throw new Error(`certutil -A failed: ${added.output}`);
  return db;
}
