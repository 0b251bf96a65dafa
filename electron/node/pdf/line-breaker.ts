/**
 * Breaks text into lines that fit a width, measured in the report font. Lines come out as
 * plain strings; the renderer writes each as one unwrapped pdfmake text (see TextMeasurer).
 */
import type { TextMeasurer } from './pdfmake.js';

export interface WrapOptions {
  bold?: boolean;
  italics?: boolean;
  /** Width already taken on the first line (by a label before the text). */
  firstLineOffset?: number;
  /** At most this many lines; the last one then ends with "…". */
  maxLines?: number;
}

/** Room left for kerning differences between word-by-word and whole-line measurement. */
const SAFETY = 0.985;

export class LineBreaker {
  private readonly cache = new Map<string, number>();

  constructor(private readonly measurer: TextMeasurer) {}

  /** Width of `text` at `size`, memoized per font variant (width is linear in the size). */
  width(text: string, size: number, bold = false, italics = false): number {
    const key = `${bold ? 'b' : 'r'}${italics ? 'i' : 'n'}${text}`;
    let unit = this.cache.get(key);
    if (unit === undefined) {
      unit = this.measurer.width(text, 1000, bold, italics) / 1000;
      if (text.length <= 40 && this.cache.size < 100_000) this.cache.set(key, unit);
    }
    return unit * size;
  }

  lineHeight(size: number): number {
    return this.measurer.lineHeight(size);
  }

  wrap(text: string, width: number, size: number, options: WrapOptions = {}): string[] {
    const bold = options.bold ?? false;
    const italics = options.italics ?? false;
    const space = this.width(' ', size, bold, italics);
    const lines: string[] = [];
    let limit = (width - (options.firstLineOffset ?? 0)) * SAFETY;
    let current = '';
    let currentWidth = 0;
    const push = () => {
      lines.push(current);
      current = '';
      currentWidth = 0;
      limit = width * SAFETY;
    };
    for (const paragraph of text.split(/\r\n|\r|\n/)) {
      const words = paragraph.split(/[ \t]+/).filter((w) => w !== '');
      for (const word of words) {
        const w = this.width(word, size, bold, italics);
        if (current !== '' && currentWidth + space + w <= limit) {
          current += ` ${word}`;
          currentWidth += space + w;
          continue;
        }
        if (current !== '') push();
        if (w <= limit) {
          current = word;
          currentWidth = w;
          continue;
        }
        // A word wider than the line (a long URL or pointer): break it between characters.
        for (const ch of word) {
          const cw = this.width(ch, size, bold, italics);
          if (current !== '' && currentWidth + cw > limit) push();
          current += ch;
          currentWidth += cw;
        }
      }
      if (current !== '' || words.length === 0) push();
    }
    if (lines.length === 0) lines.push('');
    const max = options.maxLines;
    if (max !== undefined && lines.length > max) {
      const kept = lines.slice(0, max);
      const room = max === 1 ? width - (options.firstLineOffset ?? 0) : width;
      kept[max - 1] = this.fit(`${kept[max - 1]} …`, room, size, bold, italics);
      return kept;
    }
    return lines;
  }

  /** `text` cut (with "…") to fit `width`. */
  fit(text: string, width: number, size: number, bold = false, italics = false): string {
    if (this.width(text, size, bold, italics) <= width * SAFETY) return text;
    const ellipsis = this.width('…', size, bold, italics);
    let out = '';
    let used = 0;
    for (const ch of text) {
      const cw = this.width(ch, size, bold, italics);
      if (used + cw + ellipsis > width * SAFETY) break;
      out += ch;
      used += cw;
    }
    return `${out.replace(/\s+$/, '')}…`;
  }
}
