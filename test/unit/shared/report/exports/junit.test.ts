import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../../shared/model/finding.js';
import type { RuleMeta } from '../../../../../shared/model/rule.js';
import type { AuditResult } from '../../../../../shared/report/exports/audit-result.js';
import { escapeXml, toJunit } from '../../../../../shared/report/exports/junit.js';

// ---------------------------------------------------------------------------------------------
// A small XML 1.0 well-formedness checker (no DTD support): it walks the text character by
// character, checks legal characters, names, quoting, references, nesting and the single root,
// and returns the element tree with attribute values and text decoded as a parser would.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function parseXml(source: string): XmlElement {
  for (let k = 0; k < source.length; k++) {
    const code = source.codePointAt(k)!;
    if (!isXmlChar(code)) throw new Error(`character U+${code.toString(16)} not allowed at ${k}`);
    if (code > 0xffff) k++;
  }
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(source.slice(i, i + 20))}`);
  };
  const at = (s: string) => source.startsWith(s, i);
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const isNameStart = (c: string | undefined) =>
    c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || c === ':');
  const isNameChar = (c: string | undefined) =>
    isNameStart(c) || (c !== undefined && ((c >= '0' && c <= '9') || c === '-' || c === '.'));
  const skipSpace = () => {
    while (isSpace(source[i])) i++;
  };
  const readName = () => {
    if (!isNameStart(source[i])) fail('name expected');
    const start = i;
    while (isNameChar(source[i])) i++;
    return source.slice(start, i);
  };
  const readReference = () => {
    const end = source.indexOf(';', i);
    if (end < 0) fail('unterminated reference');
    const ref = source.slice(i + 1, end);
    let code: number;
    if (ref.startsWith('#x')) {
      const hex = ref.slice(2);
      if (hex === '' || [...hex].some((c) => !'0123456789abcdefABCDEF'.includes(c))) fail('bad hex reference');
      code = parseInt(hex, 16);
    } else if (ref.startsWith('#')) {
      const dec = ref.slice(1);
      if (dec === '' || [...dec].some((c) => c < '0' || c > '9')) fail('bad decimal reference');
      code = parseInt(dec, 10);
    } else {
      const named = NAMED[ref];
      if (named === undefined) fail(`unknown entity &${ref};`);
      code = named!.codePointAt(0)!;
    }
    if (!isXmlChar(code)) fail(`reference to illegal character ${code}`);
    i = end + 1;
    return String.fromCodePoint(code);
  };
  const readRawChar = () => {
    // End-of-line handling: CRLF and lone CR both become LF.
    const c = source[i]!;
    i++;
    if (c === '\r') {
      if (source[i] === '\n') i++;
      return '\n';
    }
    return c;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (at('<!--')) {
        const end = source.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        if (source.slice(i + 4, end).includes('--')) fail('"--" inside comment');
        i = end + 3;
      } else if (at('<?')) {
        const end = source.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else return;
    }
  };
  const readAttrValue = () => {
    const quote = source[i];
    if (quote !== '"' && quote !== "'") fail('quoted attribute value expected');
    i++;
    let value = '';
    while (source[i] !== quote) {
      if (i >= source.length) fail('unterminated attribute value');
      const c = source[i];
      if (c === '<') fail('"<" in attribute value');
      if (c === '&') value += readReference();
      else {
        const raw = readRawChar();
        value += isSpace(raw) ? ' ' : raw; // attribute-value normalization
      }
    }
    i++;
    return value;
  };
  const readElement = (): XmlElement => {
    if (!at('<')) fail('element expected');
    i++;
    const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
    for (;;) {
      const hadSpace = isSpace(source[i]);
      skipSpace();
      if (at('/>')) {
        i += 2;
        return el;
      }
      if (at('>')) {
        i++;
        break;
      }
      if (!hadSpace) fail('space expected before attribute');
      const name = readName();
      if (Object.hasOwn(el.attrs, name)) fail(`duplicate attribute ${name}`);
      skipSpace();
      if (!at('=')) fail('"=" expected');
      i++;
      skipSpace();
      el.attrs[name] = readAttrValue();
    }
    for (;;) {
      if (i >= source.length) fail(`unclosed element <${el.name}>`);
      if (at('</')) {
        i += 2;
        const name = readName();
        if (name !== el.name) fail(`</${name}> closes <${el.name}>`);
        skipSpace();
        if (!at('>')) fail('">" expected');
        i++;
        return el;
      }
      if (at('<!--') || at('<?')) skipMisc();
      else if (at('<![CDATA[')) {
        const end = source.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += source.slice(i + 9, end);
        i = end + 3;
      } else if (at('<')) el.children.push(readElement());
      else if (at('&')) el.text += readReference();
      else if (at(']]>')) fail('"]]>" in text');
      else el.text += readRawChar();
    }
  };

  if (at('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    if (!source.startsWith('<?xml version="1.0"')) fail('XML declaration must name version 1.0');
    i = end + 2;
  }
  skipMisc();
  const root = readElement();
  skipMisc();
  if (i !== source.length) fail('content after the root element');
  return root;
}

// ---------------------------------------------------------------------------------------------

function rule(id: string, title: string, over: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    title,
    severity: 'high',
    confidence: 'confirmed',
    source: 'spec',
    controls: ['API2:2023'],
    equivalents: [],
    rationale: 'why',
    remediation: 'fix',
    ...over,
  };
}

function finding(fingerprint: string, over: Partial<Finding> = {}): Finding {
  return {
    fingerprint,
    ruleId: 'spec.auth.api-key-in-query',
    title: 'API key sent in the query string',
    severity: 'high',
    confidence: 'confirmed',
    controls: ['API2:2023', 'GDPR-32'],
    equivalents: [],
    source: 'spec',
    message: 'Scheme "key" sends the key in the query.',
    evidence: ['specs/api.yaml'],
    locations: [{ file: 'specs/api.yaml', line: 12, column: 5, pointer: '/components/securitySchemes/key' }],
    endpoints: ['GET /pets', 'POST /pets'],
    occurrences: 2,
    status: 'open',
    remediation: 'Move the key to a header.',
    ...over,
  };
}

const NASTY = 'a <b> & "c" \'d\' ]]> e\u0001f\u001bg\u000bh\ud800i\uffffj';
const NASTY_DECODED = 'a <b> & "c" \'d\' ]]> e\\u0001f\\u001Bg\\u000Bh\\uD800i\\uFFFFj';

const RESULT: AuditResult = {
  tool: { name: 'Gatehouse', version: '0.1.0' },
  rules: [
    rule('spec.auth.api-key-in-query', 'API key sent in the query string'),
    rule('gateway.tls.legacy-protocols', 'Legacy TLS enabled', { severity: 'critical' }),
    rule('spec.schema.string-limit', 'String without maxLength', { severity: 'medium' }),
  ],
  findings: [
    finding('fp-1'),
    finding('fp-2', {
      ruleId: 'spec.schema.string-limit',
      title: NASTY,
      message: `line one\nline two <script>alert("x")</script> & more \u0000`,
      severity: 'medium',
      locations: [{ file: 'specs/a&b.yaml', line: 3, column: 0, pointer: '/a~1b' }],
      endpoints: ['GET /search?q=<x>'],
    }),
    finding('fp-3', {
      ruleId: 'spec.schema.string-limit',
      title: 'String without maxLength',
      severity: 'low',
      status: 'accepted-risk',
      statusReason: 'Limited by "gateway" <body> size\nsee ticket\t42',
      expires: '2027-01-01',
    }),
    finding('fp-4', {
      ruleId: 'cross.inventory.shadow-route',
      title: 'Route exposed but not documented',
      severity: 'low',
      status: 'false-positive',
      locations: [],
    }),
  ],
  coverage: [],
};

const suites = (root: XmlElement) => root.children.filter((c) => c.name === 'testsuite');

describe('toJunit', () => {
  it('is well-formed XML 1.0 with a testsuites root and matching totals', () => {
    const xml = toJunit(RESULT);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ name: 'Gatehouse 0.1.0', tests: '5', failures: '2', errors: '0', skipped: '2' });
  });

  it('has one testsuite per rule, and a single passing testcase for a rule without findings', () => {
    const root = parseXml(toJunit(RESULT));
    expect(suites(root).map((s) => s.attrs.name)).toEqual([
      'cross.inventory.shadow-route',
      'gateway.tls.legacy-protocols',
      'spec.auth.api-key-in-query',
      'spec.schema.string-limit',
    ]);
    const tls = suites(root)[1]!;
    expect(tls.attrs).toMatchObject({ tests: '1', failures: '0', skipped: '0' });
    expect(tls.children).toHaveLength(1);
    expect(tls.children[0]!.attrs).toEqual({ name: 'Legacy TLS enabled', classname: 'gateway.tls.legacy-protocols' });
    expect(tls.children[0]!.children).toEqual([]);
    const strings = suites(root)[3]!;
    expect(strings.attrs).toMatchObject({ tests: '2', failures: '1', skipped: '1' });
    expect(strings.children.filter((c) => c.name === 'testcase')).toHaveLength(2);
  });

  it('reports an open finding as a failure with title, severity, message, locations and endpoints', () => {
    const root = parseXml(toJunit(RESULT));
    const testcase = suites(root)[2]!.children[0]!;
    expect(testcase.attrs.classname).toBe('spec.auth.api-key-in-query');
    expect(testcase.attrs.name).toContain('specs/api.yaml:12');
    const failure = testcase.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs).toEqual({ message: 'API key sent in the query string', type: 'high' });
    expect(failure.text).toContain('Scheme "key" sends the key in the query.');
    expect(failure.text).toContain('specs/api.yaml:12:5 (/components/securitySchemes/key)');
    expect(failure.text).toContain('GET /pets');
    expect(failure.text).toContain('POST /pets');
  });

  it('reports triaged findings as skipped with their reason', () => {
    const root = parseXml(toJunit(RESULT));
    const skipped = suites(root)[3]!.children[1]!.children[0]!;
    expect(skipped.name).toBe('skipped');
    expect(skipped.children).toEqual([]);
    expect(skipped.attrs.message).toBe('accepted-risk: Limited by "gateway" <body> size\nsee ticket\t42 (expires 2027-01-01)');
    const undeclared = suites(root)[0]!;
    expect(undeclared.attrs).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
    expect(undeclared.children[0]!.children[0]!.attrs.message).toBe('false-positive');
  });

  it('escapes markup characters and replaces characters XML 1.0 forbids', () => {
    const xml = toJunit(RESULT);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).not.toContain('<script>');
    const root = parseXml(xml);
    const failure = suites(root)[3]!.children[0]!.children[0]!;
    expect(failure.attrs.message).toBe(NASTY_DECODED);
    expect(failure.attrs.type).toBe('medium');
    expect(failure.text).toContain('line one\nline two <script>alert("x")</script> & more \\u0000');
    expect(failure.text).toContain('specs/a&b.yaml:3 (/a~1b)');
    expect(failure.text).toContain('GET /search?q=<x>');
  });

  it('stays well-formed with no rules and no findings', () => {
    const root = parseXml(toJunit({ tool: { name: 'G', version: '1' }, rules: [], findings: [], coverage: [] }));
    expect(root.attrs).toMatchObject({ tests: '0', failures: '0' });
    expect(root.children).toEqual([]);
  });
});

describe('escapeXml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });

  it('keeps whitespace in attributes as character references', () => {
    expect(escapeXml('a\tb\nc\rd', true)).toBe('a&#9;b&#10;c&#13;d');
    expect(escapeXml('a\tb\nc\rd')).toBe('a\tb\nc&#13;d');
  });

  it('keeps astral characters and replaces lone surrogates', () => {
    expect(escapeXml('😀\udc00')).toBe('😀\\uDC00');
  });
});

describe('the well-formedness checker itself', () => {
  it.each([
    ['<a><b></a></b>'],
    ['<a x="1" x="2"/>'],
    ['<a>&bogus;</a>'],
    ['<a>&#1;</a>'],
    ['<a>\u0001</a>'],
    ['<a x=1/>'],
    ['<a x="<"/>'],
    ['<a/><b/>'],
    ['<a>]]></a>'],
    ['<a>'],
  ])('rejects %j', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });

  it('accepts and decodes a small document', () => {
    const el = parseXml('<?xml version="1.0"?>\n<!-- c --><a k="1&#10;2 &amp; &#x33;">t&lt;<b/>u</a>\n');
    expect(el).toEqual({ name: 'a', attrs: { k: '1\n2 & 3' }, children: [{ name: 'b', attrs: {}, children: [], text: '' }], text: 't<u' });
  });
});
