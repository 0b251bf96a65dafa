// The pieces of report rendering: the attachment reader, the line breaker and the fast text layout.
import { describe, expect, it } from 'vitest';
import { readEmbeddedFiles } from '../../../../../electron/node/pdf/attachments.js';
import { LineBreaker } from '../../../../../electron/node/pdf/line-breaker.js';
import { endPdfDocument, openPdfDocument, textMeasurer } from '../../../../../electron/node/pdf/pdfmake.js';
import { removeDir, runTool, tempDir, writeTemp } from './signing-fixtures.js';

describe('readEmbeddedFiles', () => {
  it('reads back what pdfkit embedded, as pdfdetach does', async () => {
    const doc = await openPdfDocument({ content: ['Attachments'] });
    const json = Buffer.from(JSON.stringify({ hello: 'wörld', n: [1, 2, 3] }));
    const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));
    doc.file(json, { name: 'data.json', type: 'application/json', description: 'Some data (with parentheses)' });
    doc.file(binary, { name: 'blob.bin' });
    const pdf = await endPdfDocument(doc);
    const files = readEmbeddedFiles(pdf);
    expect(files.map((f) => f.name)).toEqual(['blob.bin', 'data.json']);
    expect(files.find((f) => f.name === 'data.json')).toMatchObject({ data: json, description: 'Some data (with parentheses)', mediaType: 'application/json' });
    expect(files.find((f) => f.name === 'blob.bin')?.data.equals(binary)).toBe(true);
    const dir = tempDir();
    try {
      expect(runTool('pdfdetach', ['-list', writeTemp(dir, 'a.pdf', pdf)]).output).toContain('2 embedded files');
    } finally {
      removeDir(dir);
    }
  });

  it('finds none in a PDF without attachments, and refuses what is not a PDF', async () => {
    expect(readEmbeddedFiles(await endPdfDocument(await openPdfDocument({ content: ['x'] })))).toEqual([]);
    expect(() => readEmbeddedFiles(Buffer.from('not a pdf'))).toThrow(/startxref/);
  });
});

describe('LineBreaker', () => {
  it('breaks text into lines that fit, measured in the report font', async () => {
    const lines = new LineBreaker(await textMeasurer());
    const text = 'Schema `Patient` returns the secret `passwordHash` to callers of GET /patients/search, GET /patients/{patientId} and PUT /patients/{patientId}.';
    const wrapped = lines.wrap(text, 200, 9);
    expect(wrapped.length).toBeGreaterThan(2);
    for (const line of wrapped) expect(lines.width(line, 9)).toBeLessThanOrEqual(200);
    expect(wrapped.join(' ')).toBe(text);
    // The first line leaves room for a label.
    const labelled = lines.wrap(text, 200, 9, { firstLineOffset: 120 });
    expect(lines.width(labelled[0]!, 9)).toBeLessThanOrEqual(80);
  });

  it('splits words wider than the line and cuts with an ellipsis', async () => {
    const lines = new LineBreaker(await textMeasurer());
    const long = `/paths/${'x'.repeat(300)}`;
    const wrapped = lines.wrap(long, 150, 8);
    expect(wrapped.join('')).toBe(long);
    for (const line of wrapped) expect(lines.width(line, 8)).toBeLessThanOrEqual(150);
    const capped = lines.wrap('word '.repeat(200), 100, 8, { maxLines: 2 });
    expect(capped).toHaveLength(2);
    expect(capped[1]!.endsWith('…')).toBe(true);
    expect(lines.fit('a'.repeat(500), 50, 8).endsWith('…')).toBe(true);
    expect(lines.fit('short', 50, 8)).toBe('short');
  });
});

describe('the fast text layout', () => {
  it('keeps the text extractable exactly, including non-ASCII and the ligature pairs it no longer forms', async () => {
    const sample = 'Prüfbericht – office file “fi” ﬁ Ωmega 12345 €';
    const pdf = await endPdfDocument(await openPdfDocument({ content: [sample, { text: sample, bold: true }] }));
    const dir = tempDir();
    try {
      const text = runTool('pdftotext', [writeTemp(dir, 't.pdf', pdf), '-']).output;
      expect(text).toContain(sample);
    } finally {
      removeDir(dir);
    }
  });
});
