/**
 * pdfmake 0.3 set up the one way Gatehouse uses it: Roboto from pdfmake/fonts (embedded, subset),
 * no URL is ever fetched, and the only local files pdfmake may read are those font files.
 *
 * pdfmake 0.3 ships no typings: the small part used here is typed below. `openPdfDocument`
 * resolves to the pdfkit document after layout and rendering but before `end()`, which is what
 * attachments and the signature placeholder need.
 */
import { createRequire } from 'node:module';
import type { PdfKitDocument } from './sign.js';

type FontVariants = Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>;

/** A pdfkit font as pdfmake's `provideFont` returns it. */
interface PdfKitFont {
  widthOfString(text: string, size: number): number;
  lineHeight(size: number, includeGap?: boolean): number;
}

/** The pdfkit document pdfmake 0.3 hands back (its PDFDocument subclass), before end(). */
export interface PdfMakeDocument extends PdfKitDocument {
  file(src: Buffer, options: { name: string; type?: string; description?: string; creationDate?: Date; modifiedDate?: Date; relationship?: string; hidden?: boolean }): unknown;
  provideFont(family: string, bold: boolean, italics: boolean): PdfKitFont;
}

interface PdfMake {
  setFonts(fonts: Record<string, FontVariants>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(documentDefinition: object): { getStream(): Promise<PdfMakeDocument>; getBuffer(): Promise<Buffer> };
}

const require = createRequire(import.meta.url);
let ready: Promise<{ pdfmake: PdfMake; probe: PdfMakeDocument }> | undefined;

/** Configures pdfmake once and installs the fast text layout (see below) before any report is laid out. */
function setUp(): Promise<{ pdfmake: PdfMake; probe: PdfMakeDocument }> {
  ready ??= (async () => {
    const instance = require('pdfmake') as PdfMake;
    const roboto = (require('pdfmake/fonts/Roboto') as { Roboto: FontVariants }).Roboto;
    const fontFiles = new Set(Object.values(roboto));
    instance.setFonts({ Roboto: roboto });
    instance.setUrlAccessPolicy(() => false);
    instance.setLocalAccessPolicy((path) => fontFiles.has(path));
    // A throwaway document gives access to pdfkit's font class (and to fonts for measuring).
    const probe = await instance.createPdf({ content: [] }).getStream();
    installFastTextLayout(probe.provideFont(REPORT_FONT, false, false));
    return { pdfmake: instance, probe };
  })();
  return ready;
}

export const REPORT_FONT = 'Roboto';

/** Lays out and renders a document definition; the returned pdfkit document is not ended yet. */
export async function openPdfDocument(documentDefinition: object): Promise<PdfMakeDocument> {
  const { pdfmake } = await setUp();
  return pdfmake.createPdf(documentDefinition).getStream();
}

/** Ends a pdfkit document and collects its bytes. */
export function endPdfDocument(doc: PdfKitDocument): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Widths of text in the report font, exactly as pdfmake measures it. Used to break long text
 * into lines before layout: pdfmake writes every word of wrapped text as its own PDF text
 * operation, while a pre-broken line goes out as one, which makes large reports several times
 * faster to render.
 */
export interface TextMeasurer {
  width(text: string, size: number, bold?: boolean, italics?: boolean): number;
  /** Height of one line of text at `size` (before pdfmake's lineHeight factor). */
  lineHeight(size: number): number;
}

let measurer: Promise<TextMeasurer> | undefined;

export function textMeasurer(): Promise<TextMeasurer> {
  measurer ??= setUp().then(({ probe: doc }) => {
    // The probe document is never ended; only its font objects are used.
    const fonts = [false, true].map((bold) => [false, true].map((italics) => doc.provideFont(REPORT_FONT, bold, italics)));
    return {
      width: (text, size, bold = false, italics = false) => fonts[bold ? 1 : 0]![italics ? 1 : 0]!.widthOfString(text, size),
      lineHeight: (size) => fonts[0]![0]!.lineHeight(size),
    };
  });
  return measurer;
}

// ---- fast text layout ------------------------------------------------------------------------------

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** pdfkit 0.19's EmbeddedFont, as far as the layout below touches it. */
interface EmbeddedFont {
  font: { glyphForCodePoint(codePoint: number): FontkitGlyph };
  scale: number;
  layout(text: string, features?: unknown, onlyWidth?: boolean): { glyphs: FontkitGlyph[] | null; positions: GlyphPosition[] | null; advanceWidth: number };
  gatehouseGlyphs?: Map<number, { glyph: FontkitGlyph; width: number }>;
}

const FAST_LAYOUT = Symbol.for('gatehouse.fastTextLayout');

/**
 * Replaces pdfkit's text layout for embedded fonts with a direct character-to-glyph mapping using
 * the font's advance widths. pdfkit runs every distinct word through fontkit's full OpenType
 * shaping (substitutions, kerning); in a report of thousands of findings almost every word
 * (paths, pointers, identifiers, line numbers) is distinct, and shaping took most of the time.
 * Roboto needs no shaping for the scripts it covers: the text loses kerning pairs and the fi/fl
 * ligatures, which also keeps copied text exact. Calls with explicit OpenType features keep the
 * original layout. If pdfkit's font class does not look as expected, nothing is changed.
 */
function installFastTextLayout(sample: unknown): void {
  const proto = Object.getPrototypeOf(sample) as (EmbeddedFont & { [FAST_LAYOUT]?: boolean }) | null;
  if (proto === null || proto[FAST_LAYOUT] || typeof proto.layout !== 'function') return;
  const font = (sample as Partial<EmbeddedFont>).font;
  if (typeof font?.glyphForCodePoint !== 'function' || typeof (sample as Partial<EmbeddedFont>).scale !== 'number') return;
  const original = proto.layout;
  proto.layout = function layout(this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean) {
    if (features) return original.call(this, text, features, onlyWidth);
    const cache = (this.gatehouseGlyphs ??= new Map());
    const glyphs: FontkitGlyph[] | null = onlyWidth ? null : [];
    const positions: GlyphPosition[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    for (let i = 0; i < text.length; i += 1) {
      let codePoint = text.charCodeAt(i);
      if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < text.length) {
        codePoint = text.codePointAt(i) ?? codePoint;
        i += 1;
      }
      let entry = cache.get(codePoint);
      if (entry === undefined) {
        const glyph = this.font.glyphForCodePoint(codePoint);
        entry = { glyph, width: glyph.advanceWidth * this.scale };
        cache.set(codePoint, entry);
      }
      advanceWidth += entry.width;
      if (glyphs !== null && positions !== null) {
        glyphs.push(entry.glyph);
        positions.push({ xAdvance: entry.width, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: entry.width });
      }
    }
    return { glyphs, positions, advanceWidth };
  };
  Object.defineProperty(proto, FAST_LAYOUT, { value: true });
}
