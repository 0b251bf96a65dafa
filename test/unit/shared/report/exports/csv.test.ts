import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../../shared/model/finding.js';
import type { AuditResult } from '../../../../../shared/report/exports/audit-result.js';
import { CSV_HEADER, csvCell, neutralizeFormula, toCsv } from '../../../../../shared/report/exports/csv.js';

/** RFC 4180 reader used to check the round trip (quoted fields may hold commas, quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
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
    message: 'Scheme "key", in query.',
    evidence: ['specs/api.yaml'],
    locations: [
      { file: 'specs/api.yaml', line: 12, column: 5, pointer: '/a' },
      { file: 'specs/common.yaml', line: 3, column: 1, pointer: '/b' },
    ],
    endpoints: ['GET /pets', 'POST /pets'],
    occurrences: 2,
    status: 'open',
    remediation: 'Move the key to a header.',
    ...over,
  };
}

const TRICKY = 'He said "no", then\r\nleft,\nquietly\rgone';

const RESULT: AuditResult = {
  tool: { name: 'Gatehouse', version: '0.1.0' },
  rules: [],
  coverage: [],
  findings: [
    finding('fp-low', {
      severity: 'low',
      ruleId: 'spec.schema.string-limit',
      title: '=cmd|\' /C calc\'!A0',
      message: TRICKY,
      remediation: '+SUM(1,2)',
      endpoints: ['@import'],
      locations: [],
      controls: [],
      status: 'accepted-risk',
      statusReason: '-1 day, "ok"',
      expires: '2027-01-01',
      occurrences: 1,
    }),
    finding('fp-high'),
    finding('fp-tab', { severity: 'medium', message: '\tindented', remediation: '\rreturn' }),
  ],
};

describe('toCsv', () => {
  const rows = parseCsv(toCsv(RESULT));

  it('writes the header and one CRLF-terminated record per finding, sorted by severity', () => {
    const text = toCsv(RESULT);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(
      'fingerprint,severity,confidence,status,rule,title,controls,endpoints,locations,occurrences,message,remediation,status_reason,expires',
    );
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toHaveLength(CSV_HEADER.length);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['fp-high', 'fp-tab', 'fp-low']);
  });

  it('joins lists with semicolons and locations as file:line', () => {
    const high = Object.fromEntries(CSV_HEADER.map((h, i) => [h, rows[1]![i]]));
    expect(high).toEqual({
      fingerprint: 'fp-high',
      severity: 'high',
      confidence: 'confirmed',
      status: 'open',
      rule: 'spec.auth.api-key-in-query',
      title: 'API key sent in the query string',
      controls: 'API2:2023;GDPR-32',
      endpoints: 'GET /pets;POST /pets',
      locations: 'specs/api.yaml:12;specs/common.yaml:3',
      occurrences: '2',
      message: 'Scheme "key", in query.',
      remediation: 'Move the key to a header.',
      status_reason: '',
      expires: '',
    });
  });

  it('round-trips quotes, commas and line breaks', () => {
    const low = rows[3]!;
    expect(low[CSV_HEADER.indexOf('message')]).toBe(TRICKY);
    expect(low[CSV_HEADER.indexOf('controls')]).toBe('');
    expect(low[CSV_HEADER.indexOf('locations')]).toBe('');
    expect(low[CSV_HEADER.indexOf('expires')]).toBe('2027-01-01');
  });

  it('neutralizes cells a spreadsheet would read as formulas', () => {
    const low = rows[3]!;
    expect(low[CSV_HEADER.indexOf('title')]).toBe("'=cmd|' /C calc'!A0");
    expect(low[CSV_HEADER.indexOf('remediation')]).toBe("'+SUM(1,2)");
    expect(low[CSV_HEADER.indexOf('endpoints')]).toBe("'@import");
    expect(low[CSV_HEADER.indexOf('status_reason')]).toBe(`'-1 day, "ok"`);
    const tab = rows[2]!;
    expect(tab[CSV_HEADER.indexOf('message')]).toBe("'\tindented");
    expect(tab[CSV_HEADER.indexOf('remediation')]).toBe("'\rreturn");
    for (const r of rows) for (const cell of r) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['\r=1', `"'\r=1"`],
    ['a=b', 'a=b'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves safe text alone', () => {
    expect(neutralizeFormula('API2:2023')).toBe('API2:2023');
    expect(neutralizeFormula("'already")).toBe("'already");
  });
});
