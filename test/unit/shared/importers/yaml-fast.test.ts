/**
 * Differential test of the two YAML readers: the fast one (js-yaml, yaml-fast.ts) must either
 * decline or give exactly what the exact one (`yaml` package) gives: the same values, the same
 * line starts and the same offset for every pointer, so findings point at the same line and
 * column whichever reader ran.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../shared/importers/import-error.js';
import { escapePointerSegment } from '../../../../shared/model/source.js';
import { lineColumn, offsetOfPointerViaMap } from '../../../../shared/importers/text/parsed-text.js';
import { readYamlFast, type YamlRead } from '../../../../shared/importers/text/yaml-fast.js';
import { parseYamlWithPositions, readYamlExact } from '../../../../shared/importers/text/yaml-positions.js';

const FIXTURES = join(__dirname, '../../../fixtures');

/** Every pointer to a container or a member of one, in document order. */
function pointersOf(value: unknown, base = '', out: string[] = []): string[] {
  out.push(base);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pointersOf(v, `${base}/${escapePointerSegment(k)}`, out);
  }
  return out;
}

/** Differences between two reads (empty when identical), including every container's `at`. */
function differences(exact: YamlRead, fast: YamlRead): string[] {
  const problems: string[] = [];
  if (!isDeepStrictEqual(fast.value, exact.value)) problems.push('values differ');
  if (!isDeepStrictEqual(fast.lineStarts, exact.lineStarts)) problems.push('line starts differ');
  const pointers = pointersOf(exact.value);
  for (const p of pointers) {
    const a = offsetOfPointerViaMap(exact.value, exact.offsets, p);
    const b = offsetOfPointerViaMap(fast.value, fast.offsets, p);
    if (a !== b) problems.push(`offset of ${p || '(root)'}: exact ${a}, fast ${b}`);
  }
  const walk = (x: unknown, y: unknown, p: string): void => {
    if (x === null || typeof x !== 'object') return;
    const ox = exact.offsets.get(x);
    const oy = fast.offsets.get(y as object);
    if (ox?.at !== oy?.at) problems.push(`container ${p || '(root)'} starts at ${ox?.at} (exact), ${oy?.at} (fast)`);
    for (const [k, v] of Object.entries(x)) walk(v, (y as Record<string, unknown>)[k], `${p}/${k}`);
  };
  walk(exact.value, fast.value, '');
  return problems.slice(0, 10);
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.ya?ml$/i.test(d.name))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Reads text both ways; the fast read, or undefined when it declined. Fails on any difference. */
function compare(text: string, name = 'snippet.yaml'): YamlRead | undefined {
  const fast = readYamlFast(text);
  let exact: YamlRead | Error;
  try {
    exact = readYamlExact(text, name);
  } catch (e) {
    exact = e as Error;
  }
  if (exact instanceof Error) {
    // The exact reader refuses the text: the fast one must not accept it.
    expect(fast, `${name}: fast reader accepted what the exact one refuses (${exact.message})`).toBeUndefined();
    return undefined;
  }
  if (fast) expect(differences(exact, fast), name).toEqual([]);
  return fast;
}

describe('fast YAML reader against the exact one', () => {
  it('agrees on every YAML fixture (specs, gateway configs, the multi-file DigitalOcean folder)', () => {
    const files = yamlFilesUnder(FIXTURES);
    expect(files.length).toBeGreaterThan(2000);
    const declined: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!compare(text, file)) declined.push(relative(FIXTURES, file));
    }
    // The fast path must actually be taken: only the CloudFormation templates with !Ref / !Sub
    // tags are left to the exact reader.
    expect(declined.sort()).toEqual([
      'gateways/aws/owasp-demo-order-template.yaml',
      'gateways/aws/owasp-demo-payment-template.yaml',
      'gateways/aws/own/cfn-rest-and-http.yaml',
      'gateways/aws/own/sam-template.yaml',
    ]);
  }, 120_000);

  it('resolves plain scalars with the YAML 1.2 core schema, as the exact reader does', () => {
    const text = [
      'yes: yes',
      'no: no',
      'on: off',
      'oct: 0o12',
      'leading0: 012',
      'hex: 0x1F',
      'inf: .inf',
      'minf: -.Inf',
      'nan: .NaN',
      'exp: 1e3',
      'dot: 1.',
      'half: .5',
      'plus: +12',
      'negzero: -0',
      'underscore: 1_000',
      'binary: 0b101',
      'sexagesimal: 1:20',
      'date: 2001-12-14',
      'stamp: 2001-12-14t21:59:43.10-05:00',
      'tilde: ~',
      'nullcaps: Null',
      'weird: nULL',
      'truecaps: True',
      'tRUE: tRUE',
      'big: 123456789012345678901234567890',
      'equals: =',
      'empty:',
      '200: ok',
      '1.0: one',
      'null: key',
      '',
    ].join('\n');
    const fast = compare(text);
    expect(fast).toBeDefined();
    const v = fast?.value as Record<string, unknown>;
    expect(v.yes).toBe('yes');
    expect(v.on).toBe('off');
    expect(v.oct).toBe(10);
    expect(v.leading0).toBe(12);
    expect(v.hex).toBe(31);
    expect(v.inf).toBe(Infinity);
    expect(v.nan).toBeNaN();
    expect(v.underscore).toBe('1_000');
    expect(v.date).toBe('2001-12-14');
    expect(v.stamp).toBe('2001-12-14t21:59:43.10-05:00');
    expect(v.tilde).toBeNull();
    expect(v.weird).toBe('nULL');
    expect(v.nullcaps).toBeNull();
    expect(v.truecaps).toBe(true);
    expect(Object.is(v.negzero, -0)).toBe(true);
    expect(v.tRUE).toBe('tRUE');
    expect(v['200']).toBe('ok');
    expect(v['1']).toBe('one');
    expect(v.null).toBe('key');
  });

  it('agrees on quoting, block scalars, flow collections, comments and line endings', () => {
    const snippets = [
      'a: "x\\ty\\u263A\\x41\\N\\_ \\\\ \\"q\\""\nb: \'it\'\'s\'\nc: "multi\n  line\n\n  folded"\n',
      'lit: |\n  one\n   two\n\n  three\nfold: >-\n  a\n  b\n\n  c\nkeep: |+\n  k\n\nstrip: >\n  s\n# end\n',
      'plain: a\n  b\n  c\nq: "x" # trailing comment\n"quoted key": 1\n\'single\': 2\nspaced : 3\n"a:b": 4\n',
      'flow: {a: 1, "b": [x, y, {c: d}], e: [], f: {}}\nseq: [1, "2", three, ]\nnested: [[a], [b, [c]]]\n',
      'json: {"a": 1, "b": [true, false, null]}\nmultiline: [\n  a,\n  b\n]\n',
      'root:\n- a\n- b: 1\n  c: 2\n- - x\n  - y\n-   spaced\n- # comment\n  after\n',
      '- a\n- [b]\n- {c: 1}\n- |\n  block\n- "q"\n',
      'just a scalar\n',
      '# only a comment\n',
      'key:\n\n  # comment\n\n  inner: 1\n  other:\n    - 1\n    -   2\n',
      'crlf:\r\n  a: 1\r\n  b:\r\n  - x\r\n  - y\r\n',
      'tabs: "a\tb"\nt2: a\tb\n',
      '---\nafter: marker\n',
      '# header\n--- # doc\nafter: marker\n',
      'url: http://example.com/a#b\nhash: a#b\nref: \'#/components/schemas/X\'\n',
      'unicode: "é ü 日本"\nemoji: 😀\n"ключ": значение\n',
      'a:\n  b:\n    c:\n      d:\n        e: [1, {f: g}]\n',
      'empty_seq_item:\n  - \n  - b\n',
      'k: v\n...\n',
      `${'deep:\n'}${Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i + 1)}l${i}:`).join('\n')} end\n`,
      `${'x'.repeat(1030)}: long key\n`,
      '? explicit\n: value\n',
      '[a: 1, b]\n',
      '{a, b: 2}\n',
      '',
      '\uFEFFbom: 1\n',
    ];
    for (const s of snippets) compare(s, JSON.stringify(s.slice(0, 40)));
    // The common shapes take the fast path.
    expect(readYamlFast(snippets[0]!)).toBeDefined();
    expect(readYamlFast(snippets[5]!)).toBeDefined();
    expect(readYamlFast(snippets[10]!)).toBeDefined();
    expect(readYamlFast(snippets[13]!)).toBeDefined();
  });

  it('never accepts what the exact reader refuses, and agrees on what both accept (edge cases)', () => {
    // Escapes, comments glued to tokens, flow collections and quoted scalars over several
    // lines (indentation the exact reader refuses), tabs, CR line breaks, explicit keys.
    const probes = [
      'a: "\\q"\n', 'a: "\\x4"\n', 'a: @b\n', 'a: `b\n', 'a: %b\n', 'a: b #c\nd: e#f\n', 'a: "x"#c\n', "a: 'x'#c\n", 'a: [1]#c\n',
      'a: [b c]\n', 'a: {b c}\n', 'a: {b:c}\n', 'a: {"b":c}\n', 'a: [b,,c]\n', 'a: [,b]\n', 'a: "x" y\n', 'a: [x] y\n', 'a: {x: 1} y\n',
      'a:\n  - x\n   - y\n', 'a:\n  - x\n - y\n', '- a\n -b\n', 'a:\n    b: 1\n  c: 2\n', 'a: |x\n  b\n', 'a: |2-x\n  b\n',
      '"multi\n line": 1\n', '[a\n b]: 1\n', 'a: [b: 1\n , c]\n', 'a:\n\t- x\n', 'a:\n  b: 1\n\tc: 2\n', '- \ta\n', 'a: \tb\n', 'a:\t b\n', 'a:\n  \tb: 1\n',
      'a: >\n  x\n \n  y\n', 'a: |\n  x\n  \ty\n', 'a: |\n   x\n  y\n', 'a:\n  b: >\n   x\n  c: 1\n', 'a: b\n c\n', 'a: b\nc\n', 'a:\n  b\n  c: 1\n',
      'a: {b: 1,\nc: 2}\n', 'a:\n  - [1,\n  2]\n', '- [1,\n 2]\n', '- [1,\n2]\n', 'a: [1,\n  2\n]\n', 'a: {\n  b: 1\n}\n', 'a:\n  b: {\n    c: 1\n  }\n', 'a:\n  b: {\n    c: 1\n}\n',
      'a: "x\n\ty"\n', 'a: "x\ny"\n', "a: 'x\ny'\n", 'a:\n  b: "x\ny"\n', 'a:\n  b: x\n y\n', 'a:\n  b: x\n  y\n', 'a:\n  b: x\n   y\n',
      'key: value\n- item\n', '- item\nkey: value\n', 'a: - b\n', 'a: b: c\n', 'a: ? b\n', '? a\n? b\n', 'a: [? b : c]\n', 'a: {? b}\n',
      'a: x\r\nb: "y\r\n z"\r\n', 'a: x\rb: y\n', 'a: "\\\r\n b"\n', 'a: |\r\n  x\r\n  y\r\n', 'a: \u0085b\n', 'a: b\u2028c\n', 'a: "\u0001"\n', 'a: \u0007\n',
      'a: {b: 1, b: 2}\n', 'a: [1, 2]]\n', 'a: "x"\n  b: 1\n', 'a: 1 # c\n  # d\nb: 2\n', '- a\n  - b\n', '-\n  a\n-\n  - b\n', '- - - x\n', 'a:\n- b\n  - c\n',
      'a: >+\n\n', 'a: |\n\n\n', 'a: "\\u12"\n', 'a: "\\U0001F600"\n', 'a: "\\/"\n', 'a: "\\e\\a\\v\\0\\L\\P"\n', 'a: "\\\n  x"\n', `a: "${'x'.repeat(10)}\n\n  y"\n`,
      'a:    # c\n  b: 1\n', 'a: !!null\n', 'a: !\n', '? |\n  x\n: y\n', 'a:\n  ? b\n  : c\n', '{a: 1}: b\n', '[a]: b\n', 'a: {[b]: c}\n', '"a": "b": c\n',
      'a:\n  b: [1,\n  ]\n', 'a:\n  b: [1,\n   2]\n', 'a:\n  b: {c: 1,\n  }\n', '- a: [1,\n  2]\n', '- a: [1,\n   2]\n', '- a: [1,\n  ]\n', '- - a: [1,\n    2]\n', '- - a: [1,\n     2]\n',
      'a: "x\n y"\n', 'a:\n  b: "x\n   y"\n', 'a:\n  b: "x\n  y"\n', '- "x\n y"\n', '- a: "x\n   y"\n', '- a: "x\n  y"\n', 'a: "x\n\n y"\n', 'a: "x\n  \n y"\n', 'a: \'x\n y\'\n',
      'a: [\n  1,\n  2\n]\n', 'a: {\n  b: [\n    1\n  ]\n}\n', 'a: [[1,\n  2], [3,\n 4]]\n', 'a: [1, "x\n y"]\n', 'a: [1, "x\ny"]\n', '- [a,\n  b]\n', '- [a,\n b]\n',
      '? a\n: [1,\n 2]\n', 'a: b # x\n', 'a: "#x"\n', 'a: \'#\'\n', 'a: [x]  # c\n', 'a: "x" # c\n',
      // quoted scalars and flow collections starting on their own line under their key
      'a:\n  "x\n  y"\n', 'a:\n  "x\n y"\n', 'a:\n  "x\ny"\n', 'a:\n  [1,\n  2]\n',
      'a:\n  [1,\n 2]\n', 'a:\n  [1,\n2]\n', 'a:\n  # c\n  "x\n  y"\n', '- \n  "x\n  y"\n',
      '-\n  "x\n  y"\n', 'a:\n  b:\n    "x\n    y"\n', 'a:\n  b:\n    "x\n  y"\n',
      'a:\n  b:\n    "x\n   y"\n', 'a:\n  - b:\n      "x\n     y"\n',
      'a:\n  - b:\n      "x\n    y"\n', 'a:\n  -\n    "x\n   y"\n', '"x\ny"\n', '[1,\n2]\n',
      'a:\n\n  "x\n  y"\n', 'a:\n  {b: 1,\n  c: 2}\n', 'a:\n  {b: 1,\n  }\n',
    ];
    let fast = 0;
    for (const s of probes) if (compare(s, JSON.stringify(s))) fast++;
    expect(fast).toBeGreaterThan(30);
  });

  it('leaves anchors, aliases, merge keys, tags and multi-document streams to the exact reader', () => {
    const declined = [
      'base: &b {x: 1}\nuse: *b\n',
      'base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n',
      '<<: {x: 1}\ny: 2\n',
      'Value: !Ref Bucket\n',
      'Value: !Sub "${AWS::Region}"\n',
      's: !!str 12\n',
      'i: !!int "12"\n',
      'b: !!binary aGk=\n',
      'n: ! 12\n',
      'a: 1\n---\nb: 2\n',
      '%YAML 1.2\n---\na: 1\n',
      '__proto__: {polluted: true}\n',
    ];
    for (const s of declined) {
      expect(readYamlFast(s), s).toBeUndefined();
      compare(s);
    }
    // The exact reader still expands merge keys and keeps custom tags.
    const merged = parseYamlWithPositions('base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n', 'm.yaml').value;
    expect(merged).toEqual({ base: { x: 1 }, use: { x: 1, y: 2 } });
    const tagged = parseYamlWithPositions('Value: !Ref Bucket\n', 't.yaml', { customTags: ['!Ref'] }).value;
    expect(tagged).toEqual({ Value: { '!Ref': 'Bucket' } });
  });

  it('leaves every broken file to the exact reader, which reports file, line and column', () => {
    const broken: [string, number][] = [
      ['a: 1\nb: 2\na: 3\n', 3],
      ['paths:\n\t/a: {}\n', 2],
      ['a: b: c\n', 1],
      ['a: "unclosed\n', 2],
      ['a: [1, 2\n', 2],
      ['a:\n  b: 1\n c: 2\n', 3],
      ['- a\nb: 1\n', 2],
      ['a: {b: 1, b: 2}\n', 1],
    ];
    for (const [text, line] of broken) {
      expect(readYamlFast(text), text).toBeUndefined();
      let error: unknown;
      try {
        parseYamlWithPositions(text, 'broken.yaml');
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(ImportError);
      expect((error as ImportError).file).toBe('broken.yaml');
      expect((error as ImportError).line, text).toBe(line);
    }
  });

  it('points findings at the same line and column as before', () => {
    const text = 'openapi: 3.0.0\npaths:\n  /a/{id}:\n    get:\n      responses:\n        "200":\n          description: ok\nlist:\n  - 1\n  - x: 2\n';
    const doc = parseYamlWithPositions(text, 'a.yaml');
    const at = (p: string) => lineColumn(doc.lineStarts, doc.offsetsOf([p])[0]!);
    expect(readYamlFast(text)).toBeDefined();
    expect(at('/paths/~1a~1{id}/get')).toEqual({ line: 4, column: 5 });
    expect(at('/paths/~1a~1{id}/get/responses/200')).toEqual({ line: 6, column: 9 });
    expect(at('/list/1/x')).toEqual({ line: 10, column: 5 });
    expect(at('/list/1/x/deeper')).toEqual({ line: 10, column: 5 });
  });
});
