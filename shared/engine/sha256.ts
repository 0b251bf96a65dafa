/**
 * SHA-256 in plain TypeScript, for fingerprints computed in shared code (which may not use
 * node:crypto). Input is hashed as UTF-8.
 */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const encoder = new TextEncoder();
const W = new Uint32Array(64);
const H = new Uint32Array(8);
let block = new Uint8Array(256);
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

interface NativeHash {
  update(data: string, encoding: 'utf8'): NativeHash;
  digest(encoding: 'hex'): string;
}

/**
 * Node's own SHA-256 when this code runs under Node 20.16+ (the CLI, the app's main process and
 * workers): found at run time through `process.getBuiltinModule`, never imported, so shared code
 * stays loadable in the renderer, where the portable implementation below is used. Same digest.
 */
const nativeCreateHash = ((): ((algorithm: 'sha256') => NativeHash) | undefined => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = proc?.getBuiltinModule?.('node:crypto') as { createHash?: (algorithm: string) => NativeHash } | undefined;
  return typeof crypto?.createHash === 'function' ? (algorithm) => crypto.createHash!(algorithm) : undefined;
})();

export function sha256Hex(input: string): string {
  return nativeCreateHash ? nativeCreateHash('sha256').update(input, 'utf8').digest('hex') : sha256HexPortable(input);
}

/** SHA-256 in plain TypeScript (what sha256Hex uses where Node's is not available). */
export function sha256HexPortable(input: string): string {
  // UTF-8 into a reused buffer (3 bytes per UTF-16 unit at most), padded to whole 64-byte blocks.
  const need = input.length * 3 + 72;
  if (block.length < need) block = new Uint8Array(need * 2);
  const length = encoder.encodeInto(input, block).written;
  const bitLength = length * 8;
  const total = ((length + 9 + 63) >> 6) << 6;
  const padded = block;
  padded.fill(0, length, total);
  padded[length] = 0x80;
  const hi = Math.floor(bitLength / 0x100000000);
  const lo = bitLength >>> 0;
  padded[total - 8] = hi >>> 24;
  padded[total - 7] = (hi >>> 16) & 0xff;
  padded[total - 6] = (hi >>> 8) & 0xff;
  padded[total - 5] = hi & 0xff;
  padded[total - 4] = lo >>> 24;
  padded[total - 3] = (lo >>> 16) & 0xff;
  padded[total - 2] = (lo >>> 8) & 0xff;
  padded[total - 1] = lo & 0xff;
  const h = H;
  h[0] = 0x6a09e667;
  h[1] = 0xbb67ae85;
  h[2] = 0x3c6ef372;
  h[3] = 0xa54ff53a;
  h[4] = 0x510e527f;
  h[5] = 0x9b05688c;
  h[6] = 0x1f83d9ab;
  h[7] = 0x5be0cd19;
  const w = W;
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (padded[j]! << 24) | (padded[j + 1]! << 16) | (padded[j + 2]! << 8) | padded[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let a: number = h[0]!, b: number = h[1]!, c: number = h[2]!, d: number = h[3]!, e: number = h[4]!, f: number = h[5]!, g: number = h[6]!, hh: number = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    const x = h[i]!;
    out += HEX[x >>> 24]! + HEX[(x >>> 16) & 0xff]! + HEX[(x >>> 8) & 0xff]! + HEX[x & 0xff]!;
  }
  return out;
}
