import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../../shared/report/build-report.js';
import { esc, renderReportHtml } from '../../../../shared/report/html.js';
import { finding, reportInput } from './report-fixtures.js';

describe('the HTML export', () => {
  const hostile = finding({
    fingerprint: 'evil',
    message: 'Server <script>alert(1)</script> at https://staging.example.com/v1 "quoted" & <img src=x onerror=alert(1)>',
    endpoints: ['GET /a?<b>'],
  });
  const html = renderReportHtml(buildReport(reportInput({ findings: [...reportInput().findings, hostile] })));

  it('is one self-contained document: inline CSS, no scripts, nothing loaded from anywhere', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|video|audio|source)\b/i);
    expect(html).not.toMatch(/\s(src|href|srcset|action|poster)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).not.toMatch(/<[^>]+=\s*["']https?:\/\//i);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    // Links inside the page only.
    for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="#/);
  });

  it('escapes what the evidence says', () => {
    expect(html).toContain('Server &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('GET /a?&lt;b&gt;');
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('has the report sections, the GDPR note, findings with excerpts and the evidence hashes', () => {
    for (const heading of ['Executive summary', 'OWASP API Security Top 10 (2023)', 'GDPR: evidence per article', 'Limits of automated evidence', 'Manual checklist', 'Findings', 'Suppressed, false-positive and accepted findings', 'Evidence manifest', 'Appendix A: Methodology', 'Appendix B: Rule catalog']) {
      expect(html).toContain(esc(heading));
    }
    expect(html).toContain('id="F-0001"');
    expect(html).toContain('api.yaml:12');
    expect(html).toContain('<span class="hit"><span class="n">12</span>    apiKeyQuery:</span>');
    expect(html).toContain('ab'.repeat(32));
    expect(html).toContain('Accepted risk until 2025-12-31');
    expect(html).toContain('<svg role="img" aria-label="Findings by severity"');
    expect(html).not.toMatch(/\bcompliant\b/i);
  });
});
