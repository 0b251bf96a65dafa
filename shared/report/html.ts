/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts, no scripts, no
 * external resources (a Content-Security-Policy that forbids loading anything says so to the
 * browser too), so it opens offline and cannot call home. Same content as the PDF.
 */
import { SEVERITY_ORDER, type Severity } from '../model/finding.js';
import { formatDateTime, formatSize, SEVERITY_LABELS, STATUS_LABELS } from './build-report.js';
import type { ControlMatrix, FindingGroup, ReportContent, ReportExcerpt, ReportFinding, ReportInventory, ReportTrafficFile, StatusClass } from './report-content.js';

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#991b1b',
  high: '#c2410c',
  medium: '#b45309',
  low: '#1d4ed8',
  info: '#64748b',
};

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1e293b; margin: 0; background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 48px 0 12px; color: #0f172a; }
h2 { font-size: 19px; margin: 28px 0 8px; color: #0f172a; }
h3 { font-size: 15px; margin: 20px 0 4px; color: #0f172a; }
.classification { display: inline-block; background: #b91c1c; color: #fff; font-weight: 700; padding: 2px 10px; letter-spacing: .04em; }
.banner { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #e2e8f0; padding: 6px 32px; font-size: 12px; color: #64748b; display: flex; justify-content: space-between; z-index: 1; }
.banner b { color: #b91c1c; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th { text-align: left; background: #f1f5f9; border-bottom: 1px solid #94a3b8; padding: 4px 6px; }
td { border-bottom: 1px solid #e2e8f0; padding: 4px 6px; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #64748b; } .small { font-size: 12px; } .tiny { font-size: 11px; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.box { border-left: 4px solid #b91c1c; background: #fef2f2; padding: 10px 14px; margin: 12px 0; }
.posture { border-left: 4px solid #b91c1c; background: #f8fafc; padding: 10px 14px; font-weight: 600; font-size: 16px; }
.verdict-supports { color: #15803d; font-weight: 700; } .verdict-contradicts { color: #b91c1c; font-weight: 700; }
.verdict-insufficient { color: #64748b; font-weight: 700; }
.rule { margin-top: 22px; }
.finding { margin: 10px 0 14px 14px; }
.finding .head { font-size: 13px; color: #64748b; }
.finding .ref { font-weight: 700; }
.label { font-weight: 600; color: #334155; }
pre.excerpt { background: #f4f6f9; padding: 6px 8px; margin: 4px 0; font-size: 12px; overflow-x: auto; line-height: 1.35; }
pre.excerpt .file { color: #64748b; font-weight: 700; display: block; }
pre.excerpt .n { color: #94a3b8; user-select: none; }
pre.excerpt .hit { font-weight: 700; color: #0f172a; }
nav ol { padding-left: 20px; } nav a { color: #1d4ed8; text-decoration: none; }
svg { display: block; }
@media print { .banner { position: static; } h1 { break-before: page; } .finding { break-inside: avoid; } }
`;

export function renderReportHtml(content: ReportContent, options: { signedBy?: string } = {}): string {
  const c = content;
  const sections: string[] = [];
  const toc: string[] = [];
  const section = (id: string, title: string, body: string) => {
    toc.push(`<li><a href="#${id}">${esc(title)}</a></li>`);
    sections.push(`<section id="${id}"><h1>${esc(title)}</h1>${body}</section>`);
  };
  for (const id of c.sections) {
    switch (id) {
      case 'summary':
        section('summary', 'Executive summary', summary(c));
        break;
      case 'owasp-api':
        section('owasp-api', 'OWASP API Security Top 10 (2023)', matrix(c.owaspApi));
        break;
      case 'owasp-llm':
        if (c.owaspLlm) section('owasp-llm', 'OWASP Top 10 for LLM Applications (2025)', matrix(c.owaspLlm));
        break;
      case 'gdpr':
        section('gdpr', 'GDPR: evidence per article', gdpr(c));
        break;
      case 'checklist':
        section('checklist', 'Manual checklist', checklist(c));
        break;
      case 'findings':
        section('findings', 'Findings', c.findings.length === 0 ? '<p>No open findings.</p>' : c.findings.map((g) => group(g, `${g.label}: ${g.count} open`)).join(''));
        break;
      case 'not-open':
        section(
          'not-open',
          'Suppressed, false-positive and accepted findings',
          c.notOpen.length === 0 ? '<p>None: every finding is open.</p>' : c.notOpen.map((g) => group(g, `${g.label} (${g.count})`)).join(''),
        );
        break;
      case 'evidence':
        if (c.inventory) section('inventory', 'Inventory', inventory(c.inventory));
        if (c.traffic) section('traffic', 'Traffic', traffic(c.traffic));
        section('evidence', 'Evidence manifest', evidence(c));
        break;
      case 'methodology':
        section(
          'methodology',
          'Appendix A: Methodology',
          c.methodology.map((m) => `<h3>${esc(m.heading)}</h3>${m.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}`).join(''),
        );
        break;
      case 'rules':
        section('rules', 'Appendix B: Rule catalog', rules(c));
        break;
    }
  }
  const cover = c.cover;
  const coverRows: [string, string][] = [
    ['Client', cover.client || 'not stated'],
    ['Scope', cover.scope || 'not stated'],
    ['Auditor', cover.auditor || 'not stated'],
    ['Audit period', cover.period],
    ['Report id', cover.reportId],
    ['Generated', formatDateTime(cover.generatedAt)],
    ['Workspace', `${cover.workspaceId} (schema version ${cover.workspaceSchema})`],
    ['Rule catalog', `version ${cover.catalogVersion}`],
    ['Tool', cover.tool],
    ['Run', cover.run ? `#${cover.run.id}, ${formatDateTime(cover.run.startedAt)}` : 'no run yet'],
    ['Audit log head', cover.logHead ? `entry ${cover.logHead.count}: ${cover.logHead.hash}` : 'not recorded'],
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="author" content="${esc(c.metadata.author)}">
<meta name="description" content="${esc(c.metadata.subject)}">
<meta name="generator" content="${esc(c.metadata.creator)}">
<title>${esc(c.metadata.title)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="banner"><span>${esc(cover.auditName || cover.title)}</span><b>${esc(c.classification.toUpperCase())}</b></div>
<main>
<header>
<h1 style="margin-top:24px">${esc(cover.title)}</h1>
<p style="font-size:18px;margin:0 0 12px">${esc(cover.subtitle)}</p>
<p><span class="classification">${esc(c.classification.toUpperCase())}</span></p>
<table>${coverRows.map(([k, v]) => `<tr><th style="width:160px">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<p class="posture">${esc(c.summary.headline)}</p>
<p class="small muted">${options.signedBy ? `The signed PDF of this report was issued by ${esc(options.signedBy)}. ` : ''}This HTML export is not signed: the signed PDF is the authoritative copy.</p>
</header>
<nav><h2>Contents</h2><ol>${toc.join('')}</ol></nav>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

function summary(c: ReportContent): string {
  const s = c.summary;
  const rows = s.bySeverity
    .map(
      (r) =>
        `<tr><td style="color:${SEVERITY_COLORS[r.severity]};font-weight:700">${esc(r.label)}</td><td class="num">${r.open}</td><td class="num">${r.acceptedRisk}</td><td class="num">${r.falsePositive}</td><td class="num">${r.suppressed}</td><td class="num">${r.total}</td></tr>`,
    )
    .join('');
  const top = s.topIssues
    .map((t) => `<tr><td style="color:${SEVERITY_COLORS[t.severity]};font-weight:700">${SEVERITY_LABELS[t.severity]}</td><td>${esc(t.title)}</td><td class="mono small">${esc(t.ruleId)}</td><td class="num">${t.open}</td></tr>`)
    .join('');
  return (
    `<p class="posture">${esc(s.headline)}</p>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}` +
    `<h2>Findings by severity and status</h2><table><tr><th>Severity</th><th class="num">Open</th><th class="num">Accepted risk</th><th class="num">False positive</th><th class="num">Suppressed</th><th class="num">Total</th></tr>${rows}</table>` +
    `<h2>Severity of the findings</h2>${severityChart(c)}` +
    `<h2>Open findings per OWASP category</h2>${categoryChart(c)}` +
    (top ? `<h2>Most severe open issues</h2><table><tr><th>Severity</th><th>Issue</th><th>Rule</th><th class="num">Open</th></tr>${top}</table>` : '')
  );
}

function severityChart(c: ReportContent): string {
  const rows = c.summary.bySeverity;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const w = 520;
  const parts = rows.map((r, i) => {
    const y = i * 22;
    const open = (r.open / max) * w;
    const other = ((r.total - r.open) / max) * w;
    return (
      `<text x="0" y="${y + 13}" font-size="12" font-weight="700" fill="${SEVERITY_COLORS[r.severity]}">${esc(r.label)}</text>` +
      `<rect x="80" y="${y + 2}" width="${w}" height="14" fill="#f8fafc"/>` +
      (open > 0 ? `<rect x="80" y="${y + 2}" width="${open.toFixed(1)}" height="14" fill="${SEVERITY_COLORS[r.severity]}"/>` : '') +
      (other > 0 ? `<rect x="${(80 + open).toFixed(1)}" y="${y + 2}" width="${other.toFixed(1)}" height="14" fill="${SEVERITY_COLORS[r.severity]}" fill-opacity="0.35"/>` : '') +
      `<text x="${80 + w + 8}" y="${y + 13}" font-size="12" fill="#64748b">${r.open} open${r.total > r.open ? `, ${r.total - r.open} other` : ''}</text>`
    );
  });
  return `<svg role="img" aria-label="Findings by severity" viewBox="0 0 760 ${rows.length * 22}" width="100%">${parts.join('')}</svg>`;
}

function categoryChart(c: ReportContent): string {
  const cats = c.summary.categories;
  const max = Math.max(1, ...cats.map((x) => x.open));
  const w = 420;
  const parts = cats.map((cat, i) => {
    const y = i * 20;
    let x = 250;
    const bars = SEVERITY_ORDER.map((s) => {
      const width = (cat.bySeverity[s] / max) * w;
      if (width <= 0) return '';
      const rect = `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="12" fill="${SEVERITY_COLORS[s]}"/>`;
      x += width;
      return rect;
    }).join('');
    return (
      `<text x="0" y="${y + 13}" font-size="11"><tspan font-weight="700">${esc(cat.control.replace(/:\d{4}$/, ''))}</tspan> <tspan fill="#64748b">${esc(truncate(cat.title, 34))}</tspan></text>` +
      `<rect x="250" y="${y + 3}" width="${w}" height="12" fill="#f8fafc"/>${bars}` +
      `<text x="${250 + w + 8}" y="${y + 13}" font-size="11">${cat.open}</text>`
    );
  });
  const legend = SEVERITY_ORDER.map(
    (s, i) => `<rect x="${i * 100}" y="${cats.length * 20 + 8}" width="10" height="10" fill="${SEVERITY_COLORS[s]}"/><text x="${i * 100 + 14}" y="${cats.length * 20 + 17}" font-size="11" fill="#64748b">${SEVERITY_LABELS[s]}</text>`,
  ).join('');
  return `<svg role="img" aria-label="Open findings per OWASP category" viewBox="0 0 720 ${cats.length * 20 + 24}" width="100%">${parts.join('')}${legend}</svg>`;
}

function matrix(m: ControlMatrix): string {
  const rows = m.rows
    .map(
      (r) =>
        `<tr><td><b>${esc(r.control)}</b><br><span class="small muted">${esc(r.title)}</span></td>` +
        `<td>${r.rules.length ? `<b>${r.rules.length}</b> <span class="tiny muted mono">${esc(r.rules.join(', '))}</span>` : '<span class="muted">none</span>'}</td>` +
        `<td class="num">${r.open}</td><td class="num">${r.notOpen}</td>` +
        `<td>${r.worstSeverity ? `<span style="color:${SEVERITY_COLORS[r.worstSeverity]};font-weight:700">${SEVERITY_LABELS[r.worstSeverity]}</span>` : '–'}</td>` +
        `<td class="small">${r.manual.length ? `${r.manual.filter((x) => x.answer !== null).length} of ${r.manual.length} answered` : '–'}</td>` +
        `<td${r.open > 0 ? ' style="color:#b91c1c;font-weight:600"' : ''}>${esc(r.assessment)}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>Requirement</th><th>Rules</th><th class="num">Open</th><th class="num">Other</th><th>Worst</th><th>Manual</th><th>Assessment</th></tr>${rows}</table>`;
}

function gdpr(c: ReportContent): string {
  const g = c.gdpr;
  const cls = (v: string) => (v === 'supports' ? 'verdict-supports' : v === 'contradicts' ? 'verdict-contradicts' : 'verdict-insufficient');
  const list = (title: string, items: string[], color: string) =>
    items.length ? `<div class="small" style="color:${color};font-weight:700">${title}</div><ul class="small">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';
  const rows = g.rows
    .map(
      (r) =>
        `<tr><td><b>${esc(r.article)}</b><br><span class="small muted">${esc(r.title)}</span></td><td class="${cls(r.verdict)}">${esc(r.verdict)}</td>` +
        `<td>${list('Contradicting', r.contradicting, '#b91c1c')}${list('Supporting', r.supporting, '#15803d')}${
          r.contradicting.length + r.supporting.length === 0 ? '<span class="small muted">No automated check or checklist answer bears on this article.</span>' : ''
        }</td><td class="small muted"><i>${esc(r.limits)}</i></td></tr>`,
    )
    .join('');
  return (
    `<div class="box"><b style="color:#b91c1c">${esc(g.noteTitle)}</b>${g.note.map((p) => `<p class="small">${esc(p)}</p>`).join('')}</div>` +
    `<table><tr><th>Article</th><th>Evidence says</th><th>Evidence</th><th>What automated evidence cannot show</th></tr>${rows}</table>`
  );
}

function checklist(c: ReportContent): string {
  const rows = c.checklist.rows
    .map(
      (r) =>
        `<tr><td><b>${esc(r.title)}</b><br><span class="tiny muted mono">${esc(r.id)}</span><br><span class="small">${esc(r.question)}</span></td>` +
        `<td class="small">${esc(r.controls.join(', ') || '–')}</td><td>${r.answer ? `<b>${esc(r.answer)}</b>` : '<i class="muted">not answered</i>'}</td>` +
        `<td class="small">${r.answer ? `${esc(r.note || '–')}<br><span class="tiny muted">${esc(r.actor ?? '')}, ${esc(formatDateTime(r.answeredAt ?? ''))}</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<p class="small muted">${c.checklist.answered} of ${c.checklist.total} items answered.</p><table><tr><th>Item</th><th>Controls</th><th>Answer</th><th>Note</th></tr>${rows}</table>`;
}

function group(g: FindingGroup, heading: string): string {
  return (
    `<h2>${esc(heading)}</h2>` +
    g.rules
      .map(
        (rule) =>
          `<div class="rule"><h3><span style="color:${SEVERITY_COLORS[rule.severity]}">${SEVERITY_LABELS[rule.severity]}</span> ${esc(rule.title)}</h3>` +
          `<div class="small muted"><span class="mono">${esc(rule.ruleId)}</span> · confidence ${esc(rule.confidence)} · ${rule.findings.length} ${rule.findings.length === 1 ? 'finding' : 'findings'}</div>` +
          `<div class="small"><span class="label">Controls:</span> ${esc(rule.controls.map((x) => (x.title ? `${x.id} ${x.title}` : x.id)).join(' · '))}</div>` +
          `<div class="small"><span class="label">Remediation:</span> ${esc(rule.remediation)}</div>` +
          rule.findings.map((f) => finding(f)).join('') +
          '</div>',
      )
      .join('')
  );
}

function finding(f: ReportFinding): string {
  const reason =
    f.status !== 'open' || f.statusReason
      ? `<div class="small"><span class="label">${
          f.status === 'accepted-risk' ? `Accepted risk${f.expires ? ` until ${esc(f.expires)}` : ' (no expiry)'}` : f.status === 'open' ? 'Note' : esc(STATUS_LABELS[f.status])
        }:</span> <i>${esc(f.statusReason ?? 'no reason recorded')}</i></div>`
      : '';
  const places = f.locations.map((l) => (l.line > 0 ? `${l.file}:${l.line}` : l.file));
  return (
    `<div class="finding" id="${esc(f.ref)}"><div class="head"><span class="ref" style="color:${SEVERITY_COLORS[f.severity]}">${esc(f.ref)}</span> ` +
    `${esc(STATUS_LABELS[f.status].toLowerCase())} · confidence ${esc(f.confidence)}${f.occurrences > 1 ? ` · ${f.occurrences} places` : ''} · <span class="mono tiny">${esc(f.fingerprint.slice(0, 16))}</span></div>` +
    reason +
    `<div>${esc(f.message)}</div>` +
    (f.endpoints.length ? `<div class="small"><span class="label">Endpoints:</span> ${esc(f.endpoints.join(', '))}</div>` : '') +
    (places.length ? `<div class="small"><span class="label">${places.length === 1 ? 'Location' : 'Locations'}:</span> <span class="mono">${esc(places.join(', '))}</span></div>` : '') +
    f.excerpts.map(excerpt).join('') +
    '</div>'
  );
}

function excerpt(e: ReportExcerpt): string {
  const digits = String(e.startLine + e.lines.length - 1).length;
  const lines = e.lines.map((line, i) => {
    const n = e.startLine + i;
    const text = `<span class="n">${String(n).padStart(digits, ' ')}</span>  ${esc(line)}`;
    return n === e.line ? `<span class="hit">${text}</span>` : text;
  });
  return `<pre class="excerpt"><span class="file">${esc(e.file)}:${e.line}</span>${lines.join('\n')}</pre>`;
}

function inventory(inv: ReportInventory): string {
  const k = inv.counts;
  const flag = (b: boolean): string => (b ? 'yes' : '<span class="muted">-</span>');
  const cell = (t: string): string => (t ? esc(t) : '<span class="muted">-</span>');
  const rows = inv.rows
    .map(
      (r) =>
        `<tr><td>${esc(r.endpoint + (r.hosts.length ? ` @${r.hosts.join(', ')}` : ''))}</td><td>${flag(r.documented)}</td><td>${flag(r.exposed)}</td>` +
        `<td>${r.observed === null ? '<span class="muted">-</span>' : r.observed}</td><td class="small">${cell(r.auth)}</td><td class="small">${cell(r.rateLimit)}</td>` +
        `<td class="small">${cell(r.sizeLimit)}</td><td class="small">${cell(r.cors)}</td><td class="small">${cell(r.logging)}</td></tr>`,
    )
    .join('');
  return (
    `<p class="small muted">Every endpoint of the reported run, joined across its evidence: documented by a spec, exposed by a gateway route, observed in traffic (the number of requests), with the controls in force on the route each gateway most likely picks.</p>` +
    `<p>Specs: ${esc(inv.sources.specs.join(', ') || 'none')}. Gateways: ${esc(inv.sources.gateways.join(', ') || 'none')}. Traffic: ${esc(inv.sources.traffic.join(', ') || 'none')}.</p>` +
    `<p>${k.endpoints} endpoints: ${k.documented} documented, ${k.exposed} exposed, ${k.documentedAndExposed} both, ${k.undocumented} exposed but undocumented, ${k.unrouted} documented but not routed${k.observed === null ? '' : `, ${k.observed} observed in traffic`}.</p>` +
    inv.problems.map((p) => `<p class="small muted">${esc(p)}</p>`).join('') +
    `<table><tr><th>Endpoint</th><th>Doc</th><th>Exp</th><th>Observed</th><th>Auth</th><th>Rate limit</th><th>Size</th><th>CORS</th><th>Logging</th></tr>${rows}</table>`
  );
}

const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'];

function traffic(files: readonly ReportTrafficFile[]): string {
  return files
    .map((t) => {
      const span = t.span ? `${formatDateTime(t.span.first)} to ${formatDateTime(t.span.last)} (${t.span.days} days)` : 'no timestamps';
      const classes = STATUS_CLASSES.filter((c) => c !== 'other' || t.byClass[c] > 0);
      const callers = t.topCallers.length
        ? `<table><tr><th>Caller</th><th>Kind</th><th>Requests</th><th>Errors</th></tr>${t.topCallers
            .map((c) => `<tr><td class="mono small">${esc(c.caller)}</td><td class="small">${c.kind === 'ip' ? 'client IP' : 'principal'}</td><td>${c.requests}</td><td>${c.errors}</td></tr>`)
            .join('')}</table>`
        : '<p class="muted">The file names no callers.</p>';
      const detections = t.detections.length
        ? `<table><tr><th>Ref</th><th>Severity</th><th>Detection</th><th>Status</th></tr>${t.detections
            .map(
              (d) =>
                `<tr><td class="small">${esc(d.ref ?? '')}</td><td style="color:${SEVERITY_COLORS[d.severity]};font-weight:700">${SEVERITY_LABELS[d.severity]}</td>` +
                `<td><b>${esc(d.title)}</b>${d.endpoints.length ? `<br><span class="small">${esc(d.endpoints.slice(0, 3).join(', ') + (d.endpoints.length > 3 ? ` and ${d.endpoints.length - 3} more` : ''))}</span>` : ''}</td><td class="small">${esc(STATUS_LABELS[d.status])}</td></tr>`,
            )
            .join('')}</table>`
        : '<p class="muted">No traffic detection cites this file.</p>';
      return (
        `<h2>${esc(t.file)}</h2><p>${esc(t.formatLabel)}. Time span: ${esc(span)}. ${t.requests} requests.</p>` +
        `<table><tr><th>Requests</th>${classes.map((c) => `<th>${c}</th>`).join('')}</tr><tr><td><b>${t.requests}</b></td>${classes.map((c) => `<td>${t.byClass[c]}</td>`).join('')}</tr></table>` +
        `<h3>Top callers</h3>${callers}${t.privacyNote ? `<p class="small muted">${esc(t.privacyNote)}</p>` : ''}<h3>Traffic detections</h3>${detections}`
      );
    })
    .join('');
}

function evidence(c: ReportContent): string {
  if (c.evidence.length === 0) return '<p class="muted">No evidence has been imported.</p>';
  const rows = c.evidence
    .map(
      (e) =>
        `<tr><td class="muted">${e.id}</td><td>${esc(e.name)}</td><td class="small">${esc(e.kind)}<br>${esc(e.format)}</td><td class="small">${esc(formatSize(e.size))}</td>` +
        `<td class="mono tiny">${esc(e.sha256)}</td><td class="small">${esc(formatDateTime(e.importedAt))}</td><td>${e.inRun ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>#</th><th>File</th><th>Kind</th><th>Size</th><th>SHA-256</th><th>Imported</th><th>In run</th></tr>${rows}</table>`;
}

function rules(c: ReportContent): string {
  const rows = c.rules
    .map(
      (r) =>
        `<tr><td class="mono small">${esc(r.id)}</td><td>${esc(r.title)}</td><td style="color:${SEVERITY_COLORS[r.severity]};font-weight:700">${SEVERITY_LABELS[r.severity]}</td><td class="small">${esc(r.confidence)}</td><td class="small">${esc(r.controls.join(', '))}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>Rule</th><th>Title</th><th>Severity</th><th>Confidence</th><th>Controls</th></tr>${rows}</table>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Text for HTML content and attribute values. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
