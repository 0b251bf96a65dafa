import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexPortable } from '../../../../shared/engine/sha256.js';

const reference = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256Hex (fingerprints)', () => {
  it('matches SHA-256 across block boundaries, multi-byte text and long input', () => {
    const inputs = [
      '',
      'abc',
      'spec.api4.string-limit\nspec3.json\nspec3.json#/paths/~1v1~1customers/post',
      'é€𝄞 multi-byte ✓',
      ...[54, 55, 56, 57, 63, 64, 65, 119, 120, 128].map((n) => 'x'.repeat(n)),
      'ü'.repeat(40),
      '𝄞'.repeat(300),
      'a/b~c'.repeat(5000),
    ];
    for (const s of inputs) {
      expect(sha256HexPortable(s), JSON.stringify(s.slice(0, 20))).toBe(reference(s));
      expect(sha256Hex(s)).toBe(reference(s));
    }
  });

  it('gives the same digest when called again after a longer input (no state left behind)', () => {
    const short = 'spec.api1.x\nopenapi.json\nopenapi.json#/paths';
    const first = sha256HexPortable(short);
    sha256HexPortable('z'.repeat(10000));
    expect(sha256HexPortable(short)).toBe(first);
    expect(first).toBe(reference(short));
  });
});
