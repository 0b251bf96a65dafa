/**
 * A catalog's coverage as a bar chart drawn in SVG: per requirement, open findings (coloured by
 * the worst severity) and the rest (suppressed or triaged), on one scale. Bars are buttons that
 * open the requirement's findings.
 */
import type { CatalogCoverage } from '../../shared/api/index.js';
import { SEVERITY_LABEL } from '../app/vocabulary.js';

const ROW = 26;
const LABEL = 124;
const WIDTH = 860;
const VALUE = 74;
const TOP = 22;

export function CoverageChart({ catalog, onOpen }: { catalog: CatalogCoverage; onOpen(control: string): void }) {
  const reqs = catalog.requirements;
  const max = Math.max(1, ...reqs.map((r) => r.findings.total));
  const plot = WIDTH - LABEL - VALUE;
  const height = TOP + reqs.length * ROW + 8;
  const ticks = niceTicks(max);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="group"
      aria-label={`${catalog.title}: findings per requirement (${catalog.totals.openFindings} open)`}
      data-testid={`chart-${catalog.id}`}
    >
      {ticks.map((t) => {
        const x = LABEL + (t / max) * plot;
        return (
          <g key={t} className="chart-tick" aria-hidden="true">
            <line x1={x} x2={x} y1={TOP - 4} y2={height - 6} />
            <text x={x} y={TOP - 8} textAnchor="middle">
              {t}
            </text>
          </g>
        );
      })}
      {reqs.map((r, i) => {
        const y = TOP + i * ROW;
        const open = (r.findings.open / max) * plot;
        const rest = ((r.findings.total - r.findings.open) / max) * plot;
        const label = `${r.id} ${r.title}: ${r.findings.open} open, ${r.findings.total} in all${r.worstSeverity ? `, worst ${SEVERITY_LABEL[r.worstSeverity]}` : ''}${r.rules.length === 0 ? ', no automated rule' : ''}`;
        const clickable = r.findings.total > 0;
        return (
          <g
            key={r.id}
            className={`chart-row${clickable ? ' is-clickable' : ''}`}
            role={clickable ? 'button' : 'img'}
            tabIndex={clickable ? 0 : undefined}
            aria-label={clickable ? `${label}. Show these findings.` : label}
            onClick={clickable ? () => onOpen(r.id) : undefined}
            onKeyDown={
              clickable
                ? (e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onOpen(r.id);
                    }
                  }
                : undefined
            }
          >
            <rect className="chart-hit" x={0} y={y} width={WIDTH} height={ROW} />
            <text className="chart-label" x={LABEL - 8} y={y + ROW / 2 + 4} textAnchor="end">
              {r.id}
            </text>
            <rect className="chart-track" x={LABEL} y={y + 5} width={plot} height={ROW - 10} rx={2} />
            {open > 0 && <rect className={`chart-bar bar-${r.worstSeverity ?? 'info'}`} x={LABEL} y={y + 5} width={Math.max(2, open)} height={ROW - 10} rx={2} />}
            {rest > 0 && <rect className="chart-bar bar-closed" x={LABEL + open} y={y + 5} width={Math.max(2, rest)} height={ROW - 10} rx={2} />}
            <text className="chart-value" x={WIDTH - VALUE + 8} y={y + ROW / 2 + 4}>
              {r.rules.length === 0 ? 'no rule' : `${r.findings.open} / ${r.findings.total}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function niceTicks(max: number): number[] {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000];
  const step = steps.find((s) => max / s <= 5) ?? Math.ceil(max / 5);
  const out: number[] = [];
  for (let t = 0; t <= max; t += step) out.push(t);
  return out;
}
