/**
 * Page images of a PDF for the in-app preview, drawn by poppler (`pdfinfo`, `pdftoppm`) when it
 * is installed. Without poppler the preview says so (`not-available`); the report itself, its
 * signature and its verification never depend on it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ServiceError } from './service-error.js';

const run = promisify(execFile);

export interface PageImage {
  pageCount: number;
  png: Buffer;
  width: number;
  height: number;
}

export type PdfRasterizer = (file: string, page: number, width: number) => Promise<PageImage>;

function pngSize(png: Buffer): { width: number; height: number } {
  // PNG signature (8 bytes), IHDR length + type (8), then width and height (big-endian).
  if (png.length < 24 || png.readUInt32BE(12) !== 0x49484452) throw new ServiceError('internal', 'the page image is not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export const popplerRasterizer: PdfRasterizer = async (file, page, width) => {
  let pages: number;
  try {
    const { stdout } = await run('pdfinfo', [file], { timeout: 30_000, maxBuffer: 1024 * 1024 });
    pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? NaN);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ServiceError('not-available', 'Page previews need poppler (pdfinfo and pdftoppm), which is not installed on this computer; open the PDF in a PDF reader instead.');
    }
    throw new ServiceError('invalid-input', `${file} cannot be read as a PDF: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  }
  if (!Number.isInteger(pages) || pages < 1) throw new ServiceError('invalid-input', `${file} has no pages`);
  if (page > pages) throw new ServiceError('not-found', `${file} has ${pages} page${pages === 1 ? '' : 's'}; there is no page ${page}`);
  const { stdout } = await run('pdftoppm', ['-png', '-f', String(page), '-l', String(page), '-scale-to-x', String(width), '-scale-to-y', '-1', '-singlefile', file], {
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'buffer',
  });
  return { pageCount: pages, png: stdout, ...pngSize(stdout) };
};
