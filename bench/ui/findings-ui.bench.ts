/**
 * First paint of the findings screen with 50,000 findings, and frame times while scrolling it,
 * in Chromium, against the real services through the HTTP test transport.
 *
 *   npm run build && npm run build:renderer && npx playwright test -c bench/ui
 *
 * Prints a table and writes test-results/bench-ui/results.json. Figures in bench/ui/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startTestTransport, type TestTransport } from '../../electron/node/test-transport/test-transport.js';
import { seedWorkspace, type Seeded } from './seed-workspace.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const COUNT = Number(process.env.GATEHOUSE_BENCH_FINDINGS ?? 50_000);

let dir: string;
let transport: TestTransport;
let seeded: Seeded;
const results: Record<string, unknown> = {};

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ui-bench-'));
  seeded = seedWorkspace(path.join(dir, 'bench.gatehouse'), COUNT, path.join(REPO, 'assets', 'samples', 'clinic-api.yaml'));
  transport = await startTestTransport({ userDataDir: path.join(dir, 'user-data') });
  results.findings = COUNT;
  results.seedMs = seeded.seedMs;
  results.chromium = '/usr/bin/chromium (headless, --disable-gpu)';
  results.cpu = `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`;
  results.node = process.version;
});

test.afterAll(async () => {
  await transport?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const out = path.join(REPO, 'test-results', 'bench-ui');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
});

/** In the page: the time from a click on `selector` to the first frame painted with loaded finding rows. */
async function clickToRows(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (sel) =>
      new Promise<number>((resolve, reject) => {
        const target = document.querySelector<HTMLElement>(sel);
        if (!target) return reject(new Error(`no ${sel}`));
        const loaded = () => document.querySelector('[data-testid="findings-grid"] .vgrid-row .sev') !== null;
        const start = performance.now();
        const poll = () => {
          if (loaded()) {
            // The frame after the rows are in the DOM is the one that paints them.
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
          } else if (performance.now() - start > 120_000) reject(new Error('rows never appeared'));
          else requestAnimationFrame(poll);
        };
        target.click();
        requestAnimationFrame(poll);
      }),
    selector,
  );
}

interface ScrollStats {
  frames: number;
  pxPerFrame: number;
  rowsCovered: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  over16_7: number;
  over33_3: number;
  framesWithUnloadedRows: number;
  renderedRows: number;
}

/** In the page: scroll the grid by `step` px every frame for `frames` frames; rAF deltas. */
async function scrollFrames(page: Page, step: number, frames: number): Promise<ScrollStats> {
  return page.evaluate(
    ({ step, frames }) =>
      new Promise<ScrollStats>((resolve) => {
        const grid = document.querySelector<HTMLElement>('[data-testid="findings-grid"]')!;
        grid.scrollTop = 0;
        const deltas: number[] = [];
        let unloaded = 0;
        let last = 0;
        let n = 0;
        let rendered = 0;
        const startTop = grid.scrollTop;
        const frame = (t: number) => {
          if (last !== 0) deltas.push(t - last);
          last = t;
          if (grid.querySelector('.vgrid-row .skeleton')) unloaded += 1;
          rendered = Math.max(rendered, grid.querySelectorAll('.vgrid-row').length);
          if (n++ < frames) {
            grid.scrollTop += step;
            requestAnimationFrame(frame);
          } else {
            const sorted = [...deltas].sort((a, b) => a - b);
            const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
            const round = (x: number) => Math.round(x * 10) / 10;
            resolve({
              frames: deltas.length,
              pxPerFrame: step,
              rowsCovered: Math.round((grid.scrollTop - startTop) / 36),
              p50: round(q(0.5)),
              p95: round(q(0.95)),
              p99: round(q(0.99)),
              max: round(sorted.at(-1)!),
              mean: round(deltas.reduce((a, b) => a + b, 0) / deltas.length),
              over16_7: deltas.filter((d) => d > 16.7 * 1.2).length,
              over33_3: deltas.filter((d) => d > 33.4).length,
              framesWithUnloadedRows: unloaded,
              renderedRows: rendered,
            });
          }
        };
        requestAnimationFrame(frame);
      }),
    { step, frames },
  );
}

test(`findings screen with ${COUNT.toLocaleString('en')} findings: first paint and scroll frame times`, async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto(transport.pageUrl);
  await expect(page.getByTestId('open-workspace')).toBeVisible();

  // Cold: open the workspace (the services read and check the 50,000 stored findings once),
  // and the app goes to the findings screen; until the first rows are painted.
  transport.answerDialog([seeded.file], 'open-workspace');
  results.coldOpenToFirstRowsMs = Math.round(await clickToRows(page, '[data-testid="open-workspace"]'));
  await expect(page.getByTestId('findings-summary')).toContainText(`${COUNT.toLocaleString('en')} findings`);

  // Warm: leave the screen and come back (the services' findings are cached; the screen mounts afresh).
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('nav-evidence').click();
    await expect(page.getByTestId('drop-zone')).toBeVisible();
    warm.push(await clickToRows(page, '[data-testid="nav-findings"]'));
  }
  warm.sort((a, b) => a - b);
  results.warmNavigateToFirstRowsMs = { median: Math.round(warm[2]!), min: Math.round(warm[0]!), max: Math.round(warm[4]!) };

  // A filter over all 50,000 (severity chip): click to repainted rows.
  const filterTimes: number[] = [];
  for (const chip of ['chip-high', 'chip-high', 'chip-medium', 'chip-medium', 'chip-low', 'chip-low']) {
    filterTimes.push(
      await page.evaluate(
        (testId) =>
          new Promise<number>((resolve) => {
            const summary = document.querySelector('[data-testid="findings-summary"]')!;
            const before = summary.textContent;
            const start = performance.now();
            (document.querySelector(`[data-testid="${testId}"]`) as HTMLElement).click();
            const poll = () => {
              if (summary.textContent !== before && document.querySelector('[data-testid="findings-grid"] .vgrid-row .sev')) {
                requestAnimationFrame(() => resolve(performance.now() - start));
              } else requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
          }),
        chip,
      ),
    );
  }
  filterTimes.sort((a, b) => a - b);
  results.filterToRowsMs = { median: Math.round(filterTimes[3]!), min: Math.round(filterTimes[0]!), max: Math.round(filterTimes.at(-1)!) };
  await expect(page.getByTestId('findings-summary')).toContainText(`${COUNT.toLocaleString('en')} findings`);

  // A jump to a part of the list never fetched (dragging the scrollbar): until its rows are painted.
  const jumps: number[] = [];
  for (const fraction of [0.31, 0.57, 0.83, 0.12, 0.68]) {
    jumps.push(
      await page.evaluate(
        (f) =>
          new Promise<number>((resolve) => {
            const grid = document.querySelector<HTMLElement>('[data-testid="findings-grid"]')!;
            const start = performance.now();
            grid.scrollTop = Math.floor(grid.scrollHeight * f);
            // The row at the new top (header is aria-rowindex 1), loaded.
            const row = Math.floor(grid.scrollTop / 36) + 2;
            const poll = () => {
              if (grid.querySelector(`[aria-rowindex="${row}"] .sev`) && !grid.querySelector('.vgrid-row .skeleton')) requestAnimationFrame(() => resolve(performance.now() - start));
              else requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
          }),
        fraction,
      ),
    );
  }
  jumps.sort((a, b) => a - b);
  results.jumpToUnfetchedRowsMs = { median: Math.round(jumps[2]!), min: Math.round(jumps[0]!), max: Math.round(jumps[4]!) };

  // Scrolling: a wheel-like pace, a fast one, and a fling that outruns the page fetches.
  await page.getByTestId('findings-grid').focus();
  await scrollFrames(page, 36, 60); // warm-up
  // Main-thread time per frame from Chromium's own counters (independent of how busy the rest of
  // the machine is): script, style, layout, and all tasks.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const counters = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return {
      script: get('ScriptDuration'),
      style: get('RecalcStyleDuration'),
      layout: get('LayoutDuration'),
      task: get('TaskDuration'),
      cpu: get('ThreadTime'),
    };
  };
  const measured = async (step: number, frames: number) => {
    const before = await counters();
    const stats = await scrollFrames(page, step, frames);
    const after = await counters();
    const perFrame = (k: keyof typeof before) => Math.round(((after[k] - before[k]) * 1000 * 100) / stats.frames) / 100;
    return {
      ...stats,
      mainThreadMsPerFrame: { script: perFrame('script'), style: perFrame('style'), layout: perFrame('layout'), allTasks: perFrame('task'), cpu: perFrame('cpu') },
    };
  };
  // The same measurement without scrolling: what this machine's frames look like at rest.
  results.idleBaseline_0pxPerFrame = await measured(0, 600);
  results.scrollWheel_72pxPerFrame = await measured(72, 600);
  results.scrollFast_360pxPerFrame = await measured(360, 600);
  results.scrollFling_3600pxPerFrame = await measured(3600, 400);

  // Keyboard: End jumps to the last of 50,000 rows.
  const end = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const grid = document.querySelector<HTMLElement>('[data-testid="findings-grid"]')!;
        grid.focus();
        const start = performance.now();
        grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
        const poll = () => {
          const last = grid.querySelector(`[aria-rowindex="${Number(grid.getAttribute('aria-rowcount'))}"] .sev`);
          if (last) requestAnimationFrame(() => resolve(performance.now() - start));
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }),
  );
  results.keyboardEndToLastRowMs = Math.round(end);
  results.domNodesInGrid = await page.evaluate(() => document.querySelectorAll('[data-testid="findings-grid"] *').length);
  await page.screenshot({ path: path.join(REPO, 'test-results', 'bench-ui', 'findings-50k.png') });
  await page.close();
});
