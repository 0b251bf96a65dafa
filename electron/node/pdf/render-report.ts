/**
 * Renders a ReportContent (shared/report) as a pdfmake document: cover, contents, executive
 * summary with vector charts, the control matrices, the GDPR table, the manual checklist,
 * findings with evidence excerpts, the evidence manifest and the appendices; header and footer
 * with "page X of Y" and the classification on every page; Roboto embedded; title, author and
 * subject in the document information; machine-readable copies as file attachments.
 *
 * Findings make up the bulk of a large report, so their text is broken into lines here
 * (LineBreaker) and each line handed to pdfmake as one unwrapped text: a 5,000-finding report
 * renders in seconds instead of minutes. Everything else uses pdfmake's own wrapping.
 */
import { formatDateTime, formatSize, SEVERITY_LABELS, STATUS_LABELS } from '../../../shared/report/build-report.js';
import type {
  CategoryBar,
  ControlMatrix,
  FindingGroup,
  GdprVerdict,
  ReportContent,
  ReportExcerpt,
  ReportFinding,
  ReportInventory,
  ReportTrafficFile,
  RuleGroup,
  StatusClass,
} from '../../../shared/report/report-content.js';
import { SEVERITY_ORDER, type Severity } from '../../../shared/model/finding.js';
import type { ChecklistAnswerValue } from '../../../shared/report/checklist.js';
import { LineBreaker } from './line-breaker.js';
import { openPdfDocument, REPORT_FONT, textMeasurer, type PdfMakeDocument } from './pdfmake.js';

type Node = Record<string, unknown>;
type Content = Node | string;

export interface ReportAttachment {
  name: string;
  data: Buffer;
  mediaType: string;
  description: string;
}

export interface RenderReportOptions {
  /** Shown on the cover as "Digitally signed by …"; null or absent for an unsigned report. */
  signer?: { name: string; email: string; organization: string } | null;
  /** Files embedded in the PDF (EmbeddedFiles name tree: pdfdetach / qpdf --show-attachment read them). */
  attachments?: ReportAttachment[];
  /** Creation date written to the document information and the attachments. */
  now?: Date;
}

// ---- page geometry and palette -------------------------------------------------------------------

const PAGE_WIDTH = 595.28; // A4
const MARGIN_X = 50;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const HEADER_Y = 28;
/** Footer positions are relative to the footer area, which starts at the bottom margin. */
const FOOTER_Y = 18;
const EXCERPT_PADDING = 6;
const EXCERPT_SIZE = 7.5;
const EXCERPT_LINE_HEIGHT = 1.05;

const COLOR = {
  text: '#0f172a',
  body: '#1e293b',
  muted: '#64748b',
  faint: '#94a3b8',
  rule: '#e2e8f0',
  header: '#f1f5f9',
  excerpt: '#f4f6f9',
  classification: '#b91c1c',
  supports: '#15803d',
  contradicts: '#b91c1c',
  insufficient: '#64748b',
};

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#991b1b',
  high: '#c2410c',
  medium: '#b45309',
  low: '#1d4ed8',
  info: '#64748b',
};

const SEVERITY_LIGHT: Record<Severity, string> = {
  critical: '#fca5a5',
  high: '#fdba74',
  medium: '#fcd34d',
  low: '#93c5fd',
  info: '#cbd5e1',
};

const VERDICT_COLORS: Record<GdprVerdict, string> = {
  supports: COLOR.supports,
  contradicts: COLOR.contradicts,
  'insufficient evidence': COLOR.insufficient,
};

const ANSWER_COLORS: Record<ChecklistAnswerValue, string> = {
  yes: COLOR.supports,
  no: COLOR.contradicts,
  partial: '#b45309',
  'n/a': COLOR.muted,
};

/** Thin horizontal rules between rows, a stronger one under the header row, no vertical lines. */
const GRID_LAYOUT = {
  hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 0 : i === 1 ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: (i: number) => (i === 1 ? COLOR.faint : COLOR.rule),
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

const BOX_LAYOUT = {
  hLineWidth: () => 0,
  vLineWidth: (i: number) => (i === 0 ? 3 : 0),
  vLineColor: () => COLOR.classification,
  paddingLeft: () => 10,
  paddingRight: () => 8,
  paddingTop: () => 7,
  paddingBottom: () => 7,
};

const EXCERPT_LAYOUT = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => EXCERPT_PADDING,
  paddingRight: () => EXCERPT_PADDING,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

// ---- entry points ---------------------------------------------------------------------------------

/** Lays out and renders the report; the returned pdfkit document is open (not ended) so it can be signed. */
export async function renderReport(content: ReportContent, options: RenderReportOptions = {}): Promise<PdfMakeDocument> {
  const breaker = new LineBreaker(await textMeasurer());
  const doc = await openPdfDocument(reportDocumentDefinition(content, breaker, options));
  const creationDate = options.now ?? new Date();
  for (const attachment of options.attachments ?? []) {
    doc.file(attachment.data, {
      name: attachment.name,
      type: attachment.mediaType,
      description: attachment.description,
      creationDate,
      modifiedDate: creationDate,
      relationship: 'Data',
    });
  }
  return doc;
}

export function reportDocumentDefinition(content: ReportContent, breaker: LineBreaker, options: RenderReportOptions = {}): object {
  const r = new ReportRenderer(content, breaker, options);
  return r.documentDefinition();
}

// ---- the renderer ---------------------------------------------------------------------------------

class ReportRenderer {
  constructor(
    private readonly content: ReportContent,
    private readonly lines: LineBreaker,
    private readonly options: RenderReportOptions,
  ) {}

  documentDefinition(): object {
    const c = this.content;
    const body: Content[] = [...this.cover(), ...this.tableOfContents()];
    for (const section of c.sections) {
      switch (section) {
        case 'summary':
          body.push(...this.summary());
          break;
        case 'owasp-api':
          body.push(...this.matrix(c.owaspApi, 'OWASP API Security Top 10 (2023)'));
          break;
        case 'owasp-llm':
          if (c.owaspLlm) body.push(...this.matrix(c.owaspLlm, 'OWASP Top 10 for LLM Applications (2025)'));
          break;
        case 'gdpr':
          body.push(...this.gdpr());
          break;
        case 'checklist':
          body.push(...this.checklist());
          break;
        case 'findings':
          body.push(...this.findingsSection());
          break;
        case 'not-open':
          body.push(...this.notOpenSection());
          break;
        case 'evidence':
          if (c.inventory) body.push(...this.inventory(c.inventory));
          if (c.traffic) body.push(...this.traffic(c.traffic));
          body.push(...this.evidence());
          break;
        case 'methodology':
          body.push(...this.methodology());
          break;
        case 'rules':
          body.push(...this.ruleCatalog());
          break;
      }
    }
    const classification = c.classification.toUpperCase();
    const classificationWidth = this.lines.width(classification, 8, true);
    const shortTitle = this.lines.fit(c.cover.auditName || c.cover.title, CONTENT_WIDTH - classificationWidth - 20, 8);
    const headerContent: Content[] = [
      { text: shortTitle, fontSize: 8, color: COLOR.muted, noWrap: true, relativePosition: { x: MARGIN_X, y: HEADER_Y } },
      { text: classification, fontSize: 8, bold: true, color: COLOR.classification, noWrap: true, relativePosition: { x: PAGE_WIDTH - MARGIN_X - classificationWidth, y: HEADER_Y } },
      // Positioned texts leave the flow; the rule under them is placed by its margin.
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: COLOR.rule }], margin: [MARGIN_X, HEADER_Y + 14, 0, 0] },
    ];
    const footerClassificationWidth = this.lines.width(classification, 7.5, true);
    const footerContent: Content[] = [
      { text: `Report ${c.cover.reportId}`, fontSize: 7.5, color: COLOR.faint, noWrap: true, relativePosition: { x: MARGIN_X, y: FOOTER_Y } },
      { text: classification, fontSize: 7.5, bold: true, color: COLOR.classification, noWrap: true, relativePosition: { x: (PAGE_WIDTH - footerClassificationWidth) / 2, y: FOOTER_Y } },
    ];
    return {
      version: '1.7',
      pageSize: 'A4',
      pageMargins: [MARGIN_X, 62, MARGIN_X, 56],
      language: 'en',
      info: {
        title: c.metadata.title,
        author: c.metadata.author,
        subject: c.metadata.subject,
        keywords: c.metadata.keywords,
        creator: c.metadata.creator,
        producer: `${c.metadata.creator} (pdfmake)`,
        ...(this.options.now ? { creationDate: this.options.now } : {}),
      },
      defaultStyle: { font: REPORT_FONT, fontSize: 9.5, color: COLOR.body, lineHeight: 1.15 },
      styles: {
        h1: { fontSize: 17, bold: true, color: COLOR.text, margin: [0, 0, 0, 10] },
        h2: { fontSize: 12.5, bold: true, color: COLOR.text, margin: [0, 14, 0, 6] },
        h3: { fontSize: 10.5, bold: true, color: COLOR.text },
        small: { fontSize: 8, color: COLOR.muted },
        th: { bold: true, fontSize: 8.5, color: COLOR.text, fillColor: COLOR.header },
        td: { fontSize: 8.5 },
      },
      // Header and footer texts are placed by measured offsets from the top left of their area
      // rather than in columns: they are laid out once per page, which adds up in a report of
      // hundreds of pages.
      header: (page: number): Content[] | null => (page === 1 ? null : headerContent),
      footer: (page: number, pages: number): Content[] => {
        const pageText = `Page ${page} of ${pages}`;
        return [
          ...footerContent,
          { text: pageText, fontSize: 7.5, color: COLOR.muted, relativePosition: { x: PAGE_WIDTH - MARGIN_X - this.lines.width(pageText, 7.5), y: FOOTER_Y } },
        ];
      },
      content: body,
    };
  }

  // ---- cover and contents -----------------------------------------------------------------------

  private cover(): Content[] {
    const cover = this.content.cover;
    const rows: [string, string][] = [
      ['Client', cover.client || 'not stated'],
      ['Scope', cover.scope || 'not stated'],
      ['Auditor', cover.auditor || 'not stated'],
      ['Audit period', cover.period],
      ['Report id', cover.reportId],
      ['Generated', formatDateTime(cover.generatedAt)],
      ['Workspace', `${cover.workspaceId} (schema version ${cover.workspaceSchema})`],
      ['Rule catalog', `version ${cover.catalogVersion}`],
      ['Tool', cover.tool],
      [
        'Run',
        cover.run
          ? `#${cover.run.id}, ${formatDateTime(cover.run.startedAt)} (tool ${cover.run.toolVersion}, catalog ${cover.run.catalogVersion})`
          : 'no run yet',
      ],
      ['Audit log head', cover.logHead ? `entry ${cover.logHead.count}: ${cover.logHead.hash}` : 'not recorded'],
    ];
    const signer = this.options.signer;
    return [
      { text: cover.title, fontSize: 26, bold: true, color: COLOR.text, margin: [0, 70, 0, 6] },
      { text: cover.subtitle || ' ', fontSize: 15, color: '#334155', margin: [0, 0, 0, 16] },
      {
        table: { body: [[{ text: cover.classification.toUpperCase(), color: 'white', bold: true, fontSize: 10, fillColor: COLOR.classification, margin: [6, 1, 6, 1] }]] },
        layout: 'noBorders',
        margin: [0, 0, 0, 26],
      },
      {
        table: {
          widths: [92, '*'],
          body: rows.map(([label, value]) => [
            { text: label, bold: true, fontSize: 9, color: COLOR.muted },
            { text: value, fontSize: 9, ...(label === 'Audit log head' || label === 'Workspace' ? { fontSize: 7.5 } : {}) },
          ]),
        },
        layout: { ...GRID_LAYOUT, hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 0 : 0.4), hLineColor: () => COLOR.rule },
      },
      {
        table: { widths: ['*'], body: [[{ stack: [{ text: 'Posture', style: 'small', bold: true }, { text: this.content.summary.headline, bold: true, fontSize: 11, color: COLOR.text, margin: [0, 2, 0, 0] }] }]] },
        layout: BOX_LAYOUT,
        margin: [0, 28, 0, 0],
      },
      {
        text: signer
          ? `Digitally signed by ${signer.name}${signer.organization ? `, ${signer.organization}` : ''}${signer.email ? ` <${signer.email}>` : ''}. ` +
            'Any PDF reader shows the signature and whether the file changed since; "gatehouse verify" checks it against the signer\'s certificate and the workspace.'
          : 'This copy is not digitally signed.',
        style: 'small',
        margin: [0, 18, 0, 0],
      },
    ];
  }

  private tableOfContents(): Content[] {
    return [
      {
        toc: { title: { text: 'Contents', style: 'h1' }, outlines: true, numberStyle: { color: COLOR.muted } },
        pageBreak: 'before',
      },
    ];
  }

  private h1(text: string): Node {
    return { text, style: 'h1', tocItem: true, pageBreak: 'before', tocStyle: { bold: true }, tocMargin: [0, 4, 0, 0] };
  }

  private h2(text: string, toc = true): Node {
    return toc ? { text, style: 'h2', tocItem: true, tocMargin: [14, 1, 0, 0], tocStyle: { fontSize: 9, color: '#334155' } } : { text, style: 'h2' };
  }

  // ---- executive summary ------------------------------------------------------------------------

  private summary(): Content[] {
    const s = this.content.summary;
    const out: Content[] = [
      this.h1('Executive summary'),
      { text: s.headline, fontSize: 11.5, bold: true, color: COLOR.text, margin: [0, 0, 0, 8] },
      ...s.paragraphs.map((p) => ({ text: p, margin: [0, 0, 0, 6] })),
      this.h2('Findings by severity and status', false),
      this.table(
        ['Severity', '#Open', '#Accepted risk', '#False positive', '#Suppressed', '#Total'],
        [
          ...s.bySeverity.map((row) => [
            { text: row.label, bold: true, color: SEVERITY_COLORS[row.severity] },
            num(row.open, true),
            num(row.acceptedRisk),
            num(row.falsePositive),
            num(row.suppressed),
            num(row.total),
          ]),
          [
            { text: 'All', bold: true },
            num(s.totals.open, true),
            ...(['accepted-risk', 'false-positive', 'suppressed'] as const).map((status) => num(s.byStatus.find((b) => b.status === status)?.count ?? 0)),
            num(s.totals.findings, true),
          ],
        ],
        ['*', 60, 70, 70, 64, 50],
      ),
      this.h2('Severity of the findings', false),
      this.severityChart(),
      // Heading and chart stay together on one page.
      { stack: [this.h2('Open findings per OWASP category', false), this.categoryChart(s.categories)], unbreakable: true },
    ];
    if (s.topIssues.length > 0) {
      out.push({
        unbreakable: true,
        stack: [
          this.h2('Most severe open issues', false),
          this.table(
          ['Severity', 'Issue', 'Rule', '#Open'],
          s.topIssues.map((issue) => [
            { text: SEVERITY_LABELS[issue.severity], bold: true, color: SEVERITY_COLORS[issue.severity] },
            issue.title,
            { text: issue.ruleId, fontSize: 7.5, color: COLOR.muted },
            num(issue.open, true),
          ]),
            [52, '*', 150, 34],
          ),
        ],
      });
    }
    return out;
  }

  /** Horizontal bars: open findings in the severity colour, the others (triaged, suppressed) lighter. */
  private severityChart(): Node {
    const rows = this.content.summary.bySeverity;
    const max = Math.max(1, ...rows.map((r) => r.total));
    const barWidth = CONTENT_WIDTH - 70 - 110 - 24;
    const body = rows.map((row) => {
      const openWidth = (row.open / max) * barWidth;
      const otherWidth = ((row.total - row.open) / max) * barWidth;
      const shapes: Node[] = [{ type: 'rect', x: 0, y: 1, w: barWidth, h: 11, color: '#f8fafc' }];
      if (openWidth > 0) shapes.push({ type: 'rect', x: 0, y: 1, w: openWidth, h: 11, color: SEVERITY_COLORS[row.severity] });
      if (otherWidth > 0) shapes.push({ type: 'rect', x: openWidth, y: 1, w: otherWidth, h: 11, color: SEVERITY_LIGHT[row.severity] });
      return [
        { text: row.label, bold: true, fontSize: 8.5, color: SEVERITY_COLORS[row.severity] },
        { canvas: shapes },
        { text: `${row.open} open${row.total > row.open ? `, ${row.total - row.open} other` : ''}`, fontSize: 8, color: COLOR.muted },
      ];
    });
    return {
      table: { widths: [62, barWidth, 110], body },
      layout: { ...EXCERPT_LAYOUT, paddingTop: () => 2, paddingBottom: () => 2, paddingLeft: () => 2 },
      margin: [0, 2, 0, 4],
    };
  }

  /** Stacked horizontal bars per category, one colour per severity, with a legend. */
  private categoryChart(categories: CategoryBar[]): Content {
    const max = Math.max(1, ...categories.map((c) => c.open));
    const barWidth = CONTENT_WIDTH - 150 - 30 - 20;
    const body = categories.map((category) => {
      const shapes: Node[] = [{ type: 'rect', x: 0, y: 1, w: barWidth, h: 9, color: '#f8fafc' }];
      let x = 0;
      for (const severity of SEVERITY_ORDER) {
        const w = (category.bySeverity[severity] / max) * barWidth;
        if (w <= 0) continue;
        shapes.push({ type: 'rect', x, y: 1, w, h: 9, color: SEVERITY_COLORS[severity] });
        x += w;
      }
      return [
        {
          text: [{ text: `${category.control.replace(/:\d{4}$/, '')} `, bold: true }, { text: category.title, color: COLOR.muted }],
          fontSize: 7.5,
          noWrap: true,
        },
        { canvas: shapes },
        { text: String(category.open), fontSize: 8, bold: category.open > 0, alignment: 'right' },
      ];
    });
    const legend = {
      text: SEVERITY_ORDER.flatMap((severity) => [
        { text: '■ ', color: SEVERITY_COLORS[severity], fontSize: 10 },
        { text: `${SEVERITY_LABELS[severity]}    `, fontSize: 8, color: COLOR.muted },
      ]),
      margin: [0, 4, 0, 0],
    };
    // Category titles are cut to the label column.
    for (const row of body) {
      const label = row[0] as { text: { text: string }[] };
      const [code, title] = label.text;
      if (code && title) title.text = this.lines.fit(title.text, 150 - 4 - this.lines.width(code.text, 7.5, true), 7.5);
    }
    return {
      stack: [
        {
          table: { widths: [150, barWidth, 20], body },
          layout: { ...EXCERPT_LAYOUT, paddingTop: () => 1.5, paddingBottom: () => 1.5, paddingLeft: () => 2 },
        },
        legend,
      ],
      margin: [0, 2, 0, 4],
    };
  }

  // ---- control matrices, GDPR, checklist --------------------------------------------------------

  private matrix(matrix: ControlMatrix, heading: string): Content[] {
    const rows = matrix.rows.map((row) => [
      { stack: [{ text: row.control, bold: true }, { text: row.title, fontSize: 7.5, color: COLOR.muted }] },
      row.rules.length > 0
        ? { stack: [{ text: `${row.rules.length} ${row.rules.length === 1 ? 'rule' : 'rules'}`, bold: true }, { text: row.rules.join(', '), fontSize: 6.5, color: COLOR.muted }] }
        : { text: 'none', color: COLOR.muted },
      num(row.open, true),
      num(row.notOpen),
      row.worstSeverity ? { text: SEVERITY_LABELS[row.worstSeverity], bold: true, color: SEVERITY_COLORS[row.worstSeverity] } : { text: '–', color: COLOR.muted },
      row.manual.length > 0
        ? { text: `${row.manual.filter((m) => m.answer !== null).length} of ${row.manual.length} answered`, fontSize: 7.5 }
        : { text: '–', color: COLOR.muted },
      { text: row.assessment, fontSize: 8, bold: row.open > 0, color: row.open > 0 ? COLOR.contradicts : COLOR.body },
    ]);
    return [
      this.h1(heading),
      {
        text:
          'Every requirement of the catalog is listed, whether or not an automated check maps to it. "Rules" are the checks that ' +
          'ran; "Other" counts findings that are triaged or suppressed; "Manual" counts the checklist items for the requirement.',
        style: 'small',
        margin: [0, 0, 0, 8],
      },
      this.table(['Requirement', 'Rules', '#Open', '#Other', 'Worst', 'Manual', 'Assessment'], rows, [104, '*', 26, 28, 38, 44, 70], { dontBreakRows: true }),
    ];
  }

  private gdpr(): Content[] {
    const g = this.content.gdpr;
    const rows = g.rows.map((row) => {
      const evidence: Content[] = [];
      if (row.contradicting.length > 0) {
        evidence.push({ text: 'Contradicting', bold: true, fontSize: 7.5, color: COLOR.contradicts });
        evidence.push({ ul: row.contradicting.map((line) => ({ text: line, fontSize: 7.5 })), margin: [0, 0, 0, 3] });
      }
      if (row.supporting.length > 0) {
        evidence.push({ text: 'Supporting', bold: true, fontSize: 7.5, color: COLOR.supports });
        evidence.push({ ul: row.supporting.map((line) => ({ text: line, fontSize: 7.5 })) });
      }
      if (evidence.length === 0) evidence.push({ text: 'No automated check or checklist answer bears on this article.', fontSize: 7.5, color: COLOR.muted });
      return [
        { stack: [{ text: row.article, bold: true }, { text: row.title, fontSize: 7.5, color: COLOR.muted }] },
        { text: row.verdict, bold: true, color: VERDICT_COLORS[row.verdict] },
        { stack: evidence },
        { text: row.limits, fontSize: 7, italics: true, color: COLOR.muted },
      ];
    });
    return [
      this.h1('GDPR: evidence per article'),
      {
        table: {
          widths: ['*'],
          body: [[{ stack: [{ text: g.noteTitle, bold: true, fontSize: 10, color: COLOR.classification, margin: [0, 0, 0, 3] }, ...g.note.map((p) => ({ text: p, fontSize: 8.5, margin: [0, 0, 0, 3] }))], fillColor: '#fef2f2' }]],
        },
        layout: BOX_LAYOUT,
        margin: [0, 0, 0, 10],
      },
      {
        text: `Of ${g.rows.length} articles, the evidence contradicts ${g.counts.contradicts}, supports ${g.counts.supports} and is insufficient for ${g.counts['insufficient evidence']}.`,
        margin: [0, 0, 0, 6],
      },
      this.table(['Article', 'Evidence says', 'Evidence', 'What automated evidence cannot show'], rows, [74, 58, '*', 140], { dontBreakRows: true }),
    ];
  }

  private checklist(): Content[] {
    const cl = this.content.checklist;
    const rows = cl.rows.map((row) => [
      {
        stack: [
          { text: row.title, bold: true },
          { text: row.id, fontSize: 6.5, color: COLOR.faint },
          { text: row.question, fontSize: 7.5, color: '#334155', margin: [0, 2, 0, 0] },
        ],
      },
      { text: row.controls.join(', ') || '–', fontSize: 7.5 },
      row.answer ? { text: row.answer, bold: true, color: ANSWER_COLORS[row.answer] } : { text: 'not answered', italics: true, fontSize: 8, color: COLOR.muted },
      row.answer
        ? { stack: [{ text: row.note || '–', fontSize: 8 }, { text: `${row.actor ?? ''}, ${formatDateTime(row.answeredAt ?? '')}`, fontSize: 6.5, color: COLOR.muted }] }
        : { text: '' },
    ]);
    return [
      this.h1('Manual checklist'),
      {
        text:
          `Controls that evidence files cannot show are checked by the auditor. ${cl.answered} of ${cl.total} items are answered ` +
          '(gatehouse checklist answer <item> yes|no|partial|n/a --note …); every answer is recorded in the workspace audit log.',
        style: 'small',
        margin: [0, 0, 0, 8],
      },
      this.table(['Item', 'Controls', 'Answer', 'Note'], rows, [190, 74, 52, '*'], { dontBreakRows: true }),
    ];
  }

  // ---- findings ---------------------------------------------------------------------------------

  private findingsSection(): Content[] {
    const groups = this.content.findings;
    const total = groups.reduce((n, g) => n + g.count, 0);
    const out: Content[] = [
      this.h1('Findings'),
      {
        text:
          total === 0
            ? 'No open findings.'
            : `${total} open ${total === 1 ? 'finding' : 'findings'}, most severe first, grouped by rule. Each shows its status, ` +
              'confidence, message, affected endpoints, every location as file:line and an excerpt of the evidence with line numbers.',
        style: 'small',
        margin: [0, 0, 0, 4],
      },
    ];
    for (const group of groups) out.push(...this.findingGroup(group, `${group.label}: ${group.count} open ${group.count === 1 ? 'finding' : 'findings'}`));
    return out;
  }

  private notOpenSection(): Content[] {
    const groups = this.content.notOpen;
    const total = groups.reduce((n, g) => n + g.count, 0);
    const out: Content[] = [
      this.h1('Suppressed, false-positive and accepted findings'),
      {
        text:
          total === 0
            ? 'None: every finding is open.'
            : 'Findings that are not open stay in the report with the reason they are not, and accepted risks with their expiry date.',
        style: 'small',
        margin: [0, 0, 0, 4],
      },
    ];
    for (const group of groups) out.push(...this.findingGroup(group, `${group.label} (${group.count})`));
    return out;
  }

  private findingGroup(group: FindingGroup, heading: string): Content[] {
    const out: Content[] = [this.h2(heading)];
    for (const rule of group.rules) {
      const [first, ...rest] = rule.findings;
      if (first === undefined) continue;
      // The rule's header stays on the page of its first finding.
      out.push({ stack: [this.ruleHeader(rule), this.findingBlock(first, rule)], unbreakable: true });
      for (const finding of rest) out.push(this.findingBlock(finding, rule));
    }
    return out;
  }

  private ruleHeader(rule: RuleGroup): Node {
    const controls = rule.controls.map((c) => (c.title ? `${c.id} ${c.title}` : c.id)).join(' · ');
    return {
      stack: [
        { text: [{ text: `${SEVERITY_LABELS[rule.severity]}  `, color: SEVERITY_COLORS[rule.severity] }, { text: rule.title }], style: 'h3' },
        { text: [{ text: rule.ruleId, bold: true }, { text: `   confidence ${rule.confidence}   ${rule.findings.length} ${rule.findings.length === 1 ? 'finding' : 'findings'}` }], fontSize: 8, color: COLOR.muted, margin: [0, 1, 0, 0] },
        { text: [{ text: 'Controls: ', bold: true }, controls], fontSize: 8, color: '#334155', margin: [0, 1, 0, 0] },
        { text: [{ text: 'Remediation: ', bold: true }, rule.remediation], fontSize: 8.5, margin: [0, 2, 0, 0] },
      ],
      margin: [0, 8, 0, 2],
    };
  }

  /** One finding, pre-broken into lines; kept on one page. */
  private findingBlock(finding: ReportFinding, rule: RuleGroup): Node {
    const width = CONTENT_WIDTH - 10;
    const stack: Node[] = [];
    const meta = [STATUS_LABELS[finding.status].toLowerCase(), `confidence ${finding.confidence}`];
    if (finding.occurrences > 1) meta.push(`${finding.occurrences} places`);
    if (finding.severity !== rule.severity) meta.push(`severity ${finding.severity}`);
    stack.push(
      line([
        { text: finding.ref, bold: true, color: SEVERITY_COLORS[finding.severity] },
        // One inline for the rest of the line: every inline is a separate text operation.
        { text: `   ${meta.join(' · ')} · ${finding.fingerprint.slice(0, 16)}`, color: COLOR.muted },
      ], 8.5),
    );
    if (finding.status !== 'open' || finding.statusReason) {
      const label =
        finding.status === 'accepted-risk'
          ? `Accepted risk${finding.expires ? ` until ${finding.expires}` : ' (no expiry)'}: `
          : finding.status === 'false-positive'
            ? 'False positive: '
            : finding.status === 'suppressed'
              ? 'Suppressed: '
              : 'Note: ';
      stack.push(...this.labelled(label, finding.statusReason || 'no reason recorded', width, 8.5, { italics: true, maxLines: 4 }));
    }
    const sameControls = finding.controls.length === rule.controls.length && finding.controls.every((c, i) => c.id === rule.controls[i]?.id);
    if (!sameControls) stack.push(...this.labelled('Controls: ', finding.controls.map((c) => c.id).join(', '), width, 8, { maxLines: 2 }));
    for (const text of this.lines.wrap(finding.message, width, 9, { maxLines: 8 })) stack.push(line([{ text }], 9));
    if (finding.remediation !== rule.remediation) stack.push(...this.labelled('Remediation: ', finding.remediation, width, 8.5, { maxLines: 6 }));
    if (finding.endpoints.length > 0) stack.push(...this.labelled('Endpoints: ', listWithMore(finding.endpoints, 40), width, 8, { maxLines: 3 }));
    const places = finding.locations.map((l) => (l.line > 0 ? `${l.file}:${l.line}` : l.file));
    if (places.length > 0) stack.push(...this.labelled(places.length === 1 ? 'Location: ' : 'Locations: ', listWithMore(places, 40), width, 8, { maxLines: 8 }));
    for (const excerpt of finding.excerpts) stack.push(this.excerpt(excerpt, finding.severity, width));
    return { stack, unbreakable: stack.length < 45, margin: [10, 6, 0, 4] };
  }

  /** "Label: text" broken into lines, the label bold on the first. */
  private labelled(label: string, text: string, width: number, size: number, options: { italics?: boolean; maxLines?: number } = {}): Node[] {
    const offset = this.lines.width(label, size, true);
    const wrapped = this.lines.wrap(text, width, size, { firstLineOffset: offset, ...options });
    return wrapped.map((part, i) =>
      i === 0
        ? line([{ text: label, bold: true, color: '#334155' }, { text: part, italics: options.italics ?? false }], size)
        : line([{ text: part, italics: options.italics ?? false }], size),
    );
  }

  /**
   * An excerpt on a shaded background. The background is a canvas rectangle of the computed
   * height with the lines pulled up over it by a negative margin: much cheaper to lay out than a
   * table cell, which matters with thousands of excerpts.
   */
  private excerpt(excerpt: ReportExcerpt, severity: Severity, width: number): Node {
    const size = EXCERPT_SIZE;
    const last = excerpt.startLine + excerpt.lines.length - 1;
    const digits = String(last).length;
    const gutter = '   ';
    const codeWidth = width - 2 * EXCERPT_PADDING - this.lines.width('0'.repeat(digits) + gutter, size, true);
    const rows: Node[] = [
      { text: `${excerpt.file}:${excerpt.line}`, fontSize: 6.5, lineHeight: 1.15, color: COLOR.muted, bold: true, noWrap: true },
    ];
    excerpt.lines.forEach((code, i) => {
      const number = excerpt.startLine + i;
      const hit = number === excerpt.line;
      // U+2007 FIGURE SPACE is as wide as a digit: the numbers line up.
      const label = String(number).padStart(digits, '\u2007');
      const text = `${gutter}${this.lines.fit(code, codeWidth, size, hit)}`;
      rows.push({
        text: hit ? [{ text: label, color: SEVERITY_COLORS[severity] }, { text, color: COLOR.text }] : `${label}${text}`,
        bold: hit,
        color: '#475569',
        fontSize: size,
        lineHeight: EXCERPT_LINE_HEIGHT,
        noWrap: true,
        preserveLeadingSpaces: true,
      });
    });
    const padY = 3;
    const height = this.lines.lineHeight(6.5) * 1.15 + excerpt.lines.length * this.lines.lineHeight(size) * EXCERPT_LINE_HEIGHT + 2 * padY;
    return {
      stack: [
        { canvas: [{ type: 'rect', x: 0, y: 0, w: width, h: height, color: COLOR.excerpt }] },
        { stack: rows, margin: [EXCERPT_PADDING, -height + padY, EXCERPT_PADDING, padY] },
      ],
      margin: [0, 3, 0, 0],
    };
  }

  // ---- evidence and appendices ------------------------------------------------------------------

  private inventory(inv: ReportInventory): Content[] {
    const k = inv.counts;
    const flag = (b: boolean): Node => ({ text: b ? 'yes' : '-', fontSize: 7.5, color: b ? COLOR.body : COLOR.muted });
    const cell = (t: string): Node => ({ text: t || '-', fontSize: 7, color: t ? COLOR.body : COLOR.muted });
    const rows = inv.rows.map((r) => [
      { text: r.endpoint + (r.hosts.length ? ` @${r.hosts.join(', ')}` : ''), fontSize: 7.5 },
      flag(r.documented),
      flag(r.exposed),
      { text: r.observed === null ? '-' : String(r.observed), fontSize: 7.5, alignment: 'right', color: r.observed === null ? COLOR.muted : COLOR.body },
      cell(r.auth),
      cell(r.rateLimit),
      cell(r.sizeLimit),
      cell(r.cors),
      cell(r.logging),
    ]);
    const sources = [
      `Specs: ${inv.sources.specs.join(', ') || 'none'}.`,
      `Gateways: ${inv.sources.gateways.join(', ') || 'none'}.`,
      `Traffic: ${inv.sources.traffic.join(', ') || 'none'}.`,
    ];
    return [
      this.h1('Inventory'),
      {
        text:
          'Every endpoint of the reported run, joined across its evidence: documented by a spec, exposed by a gateway route, observed ' +
          'in traffic (the number of requests), with the controls in force on the route each gateway most likely picks. A dash in the ' +
          'control columns means no gateway exposes the endpoint.',
        style: 'small',
        margin: [0, 0, 0, 6],
      },
      { text: sources.join(' '), fontSize: 8.5, margin: [0, 0, 0, 4] },
      {
        text:
          `${k.endpoints} ${plural(k.endpoints, 'endpoint')}: ${k.documented} documented, ${k.exposed} exposed, ${k.documentedAndExposed} both, ` +
          `${k.undocumented} exposed but undocumented, ${k.unrouted} documented but not routed` +
          (k.observed === null ? '.' : `, ${k.observed} observed in traffic.`),
        fontSize: 8.5,
        margin: [0, 0, 0, 8],
      },
      ...inv.problems.map((p) => ({ text: p, fontSize: 8, color: COLOR.muted, margin: [0, 0, 0, 2] })),
      rows.length === 0
        ? { text: 'No endpoints.', color: COLOR.muted }
        : this.table(['Endpoint', 'Doc', 'Exp', '#Obs', 'Auth', 'Rate limit', 'Size', 'CORS', 'Logging'], rows, ['*', 18, 18, 26, 60, 62, 34, 40, 44]),
    ];
  }

  private traffic(files: readonly ReportTrafficFile[]): Content[] {
    const out: Content[] = [
      this.h1('Traffic'),
      {
        text:
          'What each traffic evidence file shows: the time it spans, its volume by status class, the callers with the most requests ' +
          '(as stored: pseudonymized when the import was keyed) and the detections that cite it, described in full under their reference in ' +
          'the findings sections. The log itself is not kept in the workspace.',
        style: 'small',
        margin: [0, 0, 0, 6],
      },
    ];
    for (const t of files) {
      out.push(this.h2(t.file));
      const span = t.span ? `${formatDateTime(t.span.first)} to ${formatDateTime(t.span.last)} (${t.span.days} ${plural(t.span.days, 'day')})` : 'no timestamps';
      out.push({ text: `${t.formatLabel}. Time span: ${span}. ${t.requests} ${plural(t.requests, 'request')}.`, fontSize: 9, margin: [0, 0, 0, 6] });
      const classes = STATUS_CLASSES.filter((c) => t.byClass[c] > 0 || c !== 'other');
      out.push(
        this.table(
          ['Requests', ...classes.map((c) => `#${c}`)],
          [[num(t.requests, true), ...classes.map((c) => num(t.byClass[c]))]],
          [60, ...classes.map(() => 50)],
        ),
      );
      out.push({ text: 'Top callers', style: 'h3', margin: [0, 8, 0, 3] });
      out.push(
        t.topCallers.length === 0
          ? { text: 'The file names no callers.', color: COLOR.muted }
          : this.table(
              ['Caller', 'Kind', '#Requests', '#Errors'],
              t.topCallers.map((c) => [{ text: c.caller, fontSize: 7.5 }, { text: c.kind === 'ip' ? 'client IP' : 'principal', fontSize: 7.5 }, num(c.requests), num(c.errors)]),
              ['*', 60, 56, 50],
            ),
      );
      if (t.privacyNote) out.push({ text: `${t.pseudonymized ? 'Pseudonymized. ' : ''}${t.privacyNote}`, style: 'small', margin: [0, 3, 0, 0] });
      out.push({ text: 'Traffic detections', style: 'h3', margin: [0, 8, 0, 3] });
      out.push(
        t.detections.length === 0
          ? { text: 'No traffic detection cites this file.', color: COLOR.muted }
          : this.table(
              ['Ref', 'Severity', 'Detection', 'Status'],
              t.detections.map((d) => [
                { text: d.ref ?? '', fontSize: 7.5 },
                { text: SEVERITY_LABELS[d.severity], fontSize: 7.5, color: SEVERITY_COLORS[d.severity], bold: true },
                { stack: [{ text: d.title, fontSize: 8, bold: true }, ...(d.endpoints.length ? [{ text: listWithMore(d.endpoints, 3), fontSize: 7.5 }] : [])] },
                { text: STATUS_LABELS[d.status], fontSize: 7.5 },
              ]),
              [34, 44, '*', 70],
            ),
      );
    }
    return out;
  }

  private evidence(): Content[] {
    const rows = this.content.evidence.map((e) => [
      { text: String(e.id), fontSize: 7.5, color: COLOR.muted },
      { text: e.name, fontSize: 8 },
      { text: `${e.kind}\n${e.format}`, fontSize: 7.5 },
      { text: formatSize(e.size), fontSize: 7.5 },
      { text: `${e.sha256.slice(0, 32)}\n${e.sha256.slice(32)}`, fontSize: 6.5, color: '#334155' },
      { text: formatDateTime(e.importedAt), fontSize: 7 },
      { text: e.inRun ? 'yes' : 'no', fontSize: 7.5, color: e.inRun ? COLOR.body : COLOR.muted },
    ]);
    return [
      this.h1('Evidence manifest'),
      {
        text:
          'Every evidence file in the workspace, with its SHA-256 hash and the time it was imported. "In run" marks the files the ' +
          'reported run read. The same list is attached to this PDF as JSON, so "gatehouse verify --workspace" can compare it with the workspace.',
        style: 'small',
        margin: [0, 0, 0, 8],
      },
      rows.length === 0
        ? { text: 'No evidence has been imported.', color: COLOR.muted }
        : this.table(['#', 'File', 'Kind', 'Size', 'SHA-256', 'Imported', 'In run'], rows, [16, '*', 62, 40, 122, 58, 24]),
    ];
  }

  private methodology(): Content[] {
    return [
      this.h1('Appendix A: Methodology'),
      ...this.content.methodology.flatMap((part) => [
        { text: part.heading, style: 'h3', margin: [0, 8, 0, 3] },
        ...part.paragraphs.map((p) => ({ text: p, margin: [0, 0, 0, 4] })),
      ]),
    ];
  }

  private ruleCatalog(): Content[] {
    const rows = this.content.rules.map((rule) => [
      { text: rule.id, fontSize: 7 },
      { text: rule.title, fontSize: 8 },
      { text: SEVERITY_LABELS[rule.severity], fontSize: 7.5, color: SEVERITY_COLORS[rule.severity], bold: true },
      { text: rule.confidence, fontSize: 7.5 },
      { text: rule.controls.join(', '), fontSize: 7 },
    ]);
    return [
      this.h1('Appendix B: Rule catalog'),
      {
        text: `The ${rows.length} rules of catalog version ${this.content.cover.catalogVersion} and the control requirements each maps to.`,
        style: 'small',
        margin: [0, 0, 0, 8],
      },
      this.table(['Rule', 'Title', 'Severity', 'Confidence', 'Controls'], rows, [138, '*', 40, 46, 92], { dontBreakRows: true }),
    ];
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A table with a repeated header row; a header written "#Open" is right-aligned (a number column). */
  private table(headers: string[], rows: Content[][], widths: (number | string)[], extra: Node = {}): Node {
    const head = headers.map((h) => (h.startsWith('#') && h.length > 1 ? { text: h.slice(1), style: 'th', alignment: 'right' } : { text: h, style: 'th' }));
    return {
      table: { headerRows: 1, widths, body: [head, ...rows], ...extra },
      layout: GRID_LAYOUT,
      style: 'td',
    };
  }
}

const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'];

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function line(inlines: Node[], size: number): Node {
  return { text: inlines, fontSize: size, noWrap: true };
}

function num(n: number, strong = false): Node {
  return { text: String(n), alignment: 'right', bold: strong && n > 0, color: n === 0 ? COLOR.faint : COLOR.body };
}

/** "a, b, c, … and 12 more" */
function listWithMore(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')}, and ${items.length - max} more`;
}
