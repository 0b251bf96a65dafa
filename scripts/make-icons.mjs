// Draws the Gatehouse icon (a gatehouse: two towers, a wall, an amber portcullis) without any
// image tool: the shapes below are rasterized here with 4×4 supersampling and written as PNG
// (node:zlib), plus icon.svg from the same shapes and a PNG-in-ICO for Windows.
// electron-builder makes the macOS .icns from icon.png (1024×1024).
//   node scripts/make-icons.mjs   → assets/icons/{icon.svg,icon.png,icon.ico,png/NxN.png}
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const out = path.resolve(import.meta.dirname, '..', 'assets', 'icons');
const LIGHT = [0xe8, 0xee, 0xf6];
const DARK = [0x1f, 0x3a, 0x5f];
const AMBER = [0xf2, 0xa5, 0x41];

const rect = (x0, y0, x1, y1, fill, r = 0) => ({ kind: 'rect', x0, y0, x1, y1, r, fill });
const circle = (cx, cy, r, fill) => ({ kind: 'circle', cx, cy, r, fill });

const ARCH = [rect(452, 640, 572, 820, AMBER), circle(512, 640, 60, AMBER)];
const SHAPES = [
  { ...rect(48, 48, 976, 976, null, 200), gradient: [[0x1f, 0x3a, 0x5f], [0x0f, 0x1e, 0x33]] },
  rect(232, 330, 352, 820, LIGHT), // left tower
  rect(672, 330, 792, 820, LIGHT), // right tower
  rect(352, 420, 672, 820, LIGHT), // wall
  rect(232, 290, 268, 330, LIGHT), rect(316, 290, 352, 330, LIGHT), // left crenels
  rect(672, 290, 708, 330, LIGHT), rect(756, 290, 792, 330, LIGHT), // right crenels
  rect(380, 372, 424, 420, LIGHT), rect(490, 372, 534, 420, LIGHT), rect(600, 372, 644, 420, LIGHT), // battlements
  ...ARCH,
  ...[476, 506, 536].map((x) => ({ ...rect(x, 560, x + 12, 820, DARK), clip: ARCH })), // portcullis bars
  ...[680, 740].map((y) => ({ ...rect(452, y, 572, y + 12, DARK), clip: ARCH })),
  rect(272, 460, 312, 530, DARK, 20), // windows
  rect(712, 460, 752, 530, DARK, 20),
];

function inside(s, x, y) {
  if (s.kind === 'circle') return (x - s.cx) ** 2 + (y - s.cy) ** 2 <= s.r ** 2;
  if (x < s.x0 || x > s.x1 || y < s.y0 || y > s.y1) return false;
  if (!s.r) return true;
  const cx = Math.min(Math.max(x, s.x0 + s.r), s.x1 - s.r);
  const cy = Math.min(Math.max(y, s.y0 + s.r), s.y1 - s.r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= s.r ** 2;
}

/** RGBA at a point of the 1024 canvas. */
function colorAt(x, y) {
  let c = null;
  for (const s of SHAPES) {
    if (!inside(s, x, y) || (s.clip && !s.clip.some((k) => inside(k, x, y)))) continue;
    if (s.gradient) {
      const t = (y - s.y0) / (s.y1 - s.y0);
      c = s.gradient[0].map((a, i) => a + (s.gradient[1][i] - a) * t);
    } else c = s.fill;
  }
  return c ? [...c, 255] : [0, 0, 0, 0];
}

function render(size) {
  const ss = size >= 512 ? 2 : 4;
  const scale = 1024 / size;
  const px = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let j = 0; j < ss; j++) {
        for (let i = 0; i < ss; i++) {
          const c = colorAt((x + (i + 0.5) / ss) * scale, (y + (j + 0.5) / ss) * scale);
          r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3];
        }
      }
      const o = (y * size + x) * 4;
      px[o] = a ? Math.round(r / a) : 0;
      px[o + 1] = a ? Math.round(g / a) : 0;
      px[o + 2] = a ? Math.round(b / a) : 0;
      px[o + 3] = Math.round(a / (ss * ss));
    }
  }
  return png(size, px);
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function ico(images) {
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    head[e] = size >= 256 ? 0 : size;
    head[e + 1] = size >= 256 ? 0 : size;
    head.writeUInt16LE(1, e + 4); // planes
    head.writeUInt16LE(32, e + 6); // bits per pixel
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...images.map((i) => i.data)]);
}

const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
function svg() {
  const shape = (s) =>
    s.kind === 'circle'
      ? `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}"`
      : `<rect x="${s.x0}" y="${s.y0}" width="${s.x1 - s.x0}" height="${s.y1 - s.y0}"${s.r ? ` rx="${s.r}"` : ''}`;
  const body = SHAPES.map((s) => {
    const fill = s.gradient ? 'url(#bg)' : hex(s.fill);
    return `  ${shape(s)} fill="${fill}"${s.clip ? ' clip-path="url(#arch)"' : ''}/>`;
  }).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <title>Gatehouse</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1f3a5f"/><stop offset="1" stop-color="#0f1e33"/></linearGradient>
    <clipPath id="arch">${ARCH.map((s) => shape(s) + '/>').join('')}</clipPath>
  </defs>
${body}
</svg>
`;
}

mkdirSync(path.join(out, 'png'), { recursive: true });
const images = [];
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  const data = render(size);
  writeFileSync(path.join(out, 'png', `${size}x${size}.png`), data);
  if (size <= 256) images.push({ size, data });
  if (size === 1024) writeFileSync(path.join(out, 'icon.png'), data);
}
writeFileSync(path.join(out, 'icon.ico'), ico(images));
writeFileSync(path.join(out, 'icon.svg'), svg());
console.log(`icons written to ${out}`);
