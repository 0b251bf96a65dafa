#!/usr/bin/env node
// Gatehouse benchmark harness (`npm run bench` = build, then this file).
//
// For each large spec of the shared corpus, in a fresh child process each:
//   floor      node bench/parse-only.mjs FILE          read + parse only (JSON.parse / yaml)
//   gatehouse  node bin/gatehouse.mjs audit FILE --format json --out TMP --no-progress
//   spectral   bench/peers/node_modules/.bin/spectral lint -r bench/peers/.spectral.yaml FILE
//              -f json -o TMP --quiet                   (OWASP API 2023 ruleset)
// measuring wall time (spawn to exit, in this process) and peak RSS (the kernel's
// high-water mark: GNU time's %M when /usr/bin/time exists, else /proc/PID/status VmHWM
// polled every 5 ms). Prints a markdown table, writes bench/results/latest.json and .md.
//
// Options:
//   --only NAME[,NAME]   run only specs whose name starts with NAME (stripe, kubernetes,
//                        twilio-json, twilio-yaml, box, digitalocean; `twilio` = both)
//   --runs N             runs per tool and spec, median reported (default 1)
//   --skip-peer          do not run Spectral; its figures come from bench/peer-baseline.json
//   --skip-gatehouse     do not run Gatehouse (its columns read "pending")
//   --peer-timeout S     Spectral time limit per run, seconds (default 600)
//   --timeout S          floor / Gatehouse time limit per run, seconds (default 300)
//   --rss time|poll      force the peak-RSS method (default: time if /usr/bin/time exists)
//   --network            do not cut the children off the network (default: `unshare -n`
//                        when it works here, so nothing measured can fetch anything)
//   --write-peer-baseline  store this run's Spectral figures in bench/peer-baseline.json
//   --check              exit 1 when a target is missed (default: only on a failed run)
//   --out FILE           results JSON (default bench/results/latest.json)
// Env: GATEHOUSE_CORPUS = corpus folder (default ../shared/corpus beside the checkout).
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');
const corpus = resolve(process.env.GATEHOUSE_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus'));
const gatehouseBin = join(repoRoot, 'bin', 'gatehouse.mjs');
const spectralBin = join(benchDir, 'peers', 'node_modules', '.bin', 'spectral');
const spectralRuleset = join(benchDir, 'peers', '.spectral.yaml');
const baselineFile = join(benchDir, 'peer-baseline.json');

/** The specs measured. `floorArgs` are extra arguments of parse-only.mjs. */
const SPECS = [
  { name: 'stripe', label: 'Stripe 2022 (JSON)', file: 'large-stripe-2022/spec3.json' },
  { name: 'kubernetes', label: 'Kubernetes 1.35 (Swagger 2.0 JSON)', file: 'large-kubernetes/swagger.json.unprocessed' },
  { name: 'twilio-json', label: 'Twilio 2010 (JSON)', file: 'large-twilio/twilio_api_v2010.json' },
  { name: 'twilio-yaml', label: 'Twilio 2010 (YAML)', file: 'large-twilio/twilio_api_v2010.yaml' },
  { name: 'box', label: 'Box (JSON)', file: 'large-box/openapi.json' },
  {
    name: 'digitalocean',
    label: 'DigitalOcean (multi-file YAML)',
    file: 'large-digitalocean/specification/DigitalOcean-public.v2.yaml',
    tree: 'large-digitalocean/specification',
  },
];

const TARGETS = {
  stripeWallS: 2,
  stripeRssMB: 400,
  maxFloorRatio: 4,
  minPeerSpeedup: 30,
};

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const o = {
    only: [],
    runs: 1,
    skipPeer: false,
    skipGatehouse: false,
    peerTimeoutS: 600,
    timeoutS: 300,
    rss: existsSync('/usr/bin/time') ? 'time' : 'poll',
    network: false,
    writePeerBaseline: false,
    check: false,
    out: join(benchDir, 'results', 'latest.json'),
  };
  const need = (i, flag) => {
    if (i >= argv.length) fail(`${flag} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--only':
        o.only.push(...need(++i, a).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
        break;
      case '--runs':
        o.runs = Number.parseInt(need(++i, a), 10);
        if (!(o.runs >= 1)) fail('--runs must be a positive integer');
        break;
      case '--skip-peer':
        o.skipPeer = true;
        break;
      case '--skip-gatehouse':
        o.skipGatehouse = true;
        break;
      case '--peer-timeout':
        o.peerTimeoutS = Number(need(++i, a));
        if (!(o.peerTimeoutS > 0)) fail('--peer-timeout must be a positive number of seconds');
        break;
      case '--timeout':
        o.timeoutS = Number(need(++i, a));
        if (!(o.timeoutS > 0)) fail('--timeout must be a positive number of seconds');
        break;
      case '--rss':
        o.rss = need(++i, a);
        if (o.rss !== 'time' && o.rss !== 'poll') fail('--rss is time or poll');
        if (o.rss === 'time' && !existsSync('/usr/bin/time')) fail('--rss time: /usr/bin/time is absent');
        break;
      case '--network':
        o.network = true;
        break;
      case '--write-peer-baseline':
        o.writePeerBaseline = true;
        break;
      case '--check':
        o.check = true;
        break;
      case '--out':
        o.out = resolve(need(++i, a));
        break;
      case '-h':
      case '--help':
        process.stdout.write(`${readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport ')[0].split('\n').slice(1).join('\n').replace(/^\/\/ ?/gm, '')}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${a} (see --help)`);
    }
  }
  return o;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(64);
}

// ---------------------------------------------------------------------------------------------
// Measuring one child process

/** Whether `unshare -n` can cut a child off the network here (needs root or user namespaces). */
function unshareWorks() {
  const r = spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
  return r.status === 0;
}

function tail(buf, max = 4000) {
  const s = buf.toString('utf8');
  return s.length > max ? `…${s.slice(-max)}` : s;
}

function readVmHWM(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `cmd args` in a fresh process (own process group) and measures it.
 * Resolves { status: 'ok'|'timeout'|'error', exitCode, signal, wallS, peakRssKB, stdout, stderr }.
 * 'ok' means it exited by itself (any exit code: the caller judges the code).
 */
function measure(cmd, args, { timeoutS, rss, isolate, env, tmp }) {
  return new Promise((resolvePromise) => {
    const inner = isolate ? ['unshare', '-n', cmd, ...args] : [cmd, ...args];
    let timeFile;
    let argv = inner;
    if (rss === 'time') {
      timeFile = join(tmp, `time-${process.hrtime.bigint()}.txt`);
      argv = ['/usr/bin/time', '-f', '%M %U %S', '-o', timeFile, ...inner];
    }
    const out = [];
    const err = [];
    let outLen = 0;
    let errLen = 0;
    const keep = (list, chunk, len) => {
      list.push(chunk);
      len += chunk.length;
      while (len > 256 * 1024 && list.length > 1) len -= list.shift().length;
      return len;
    };
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: repoRoot,
      env,
      detached: true, // own process group, so a timeout kills the whole tree
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let wallS;
    let peakPoll = 0;
    let timedOut = false;
    let poller;
    if (rss === 'poll') {
      const sample = () => {
        const v = readVmHWM(child.pid);
        if (v !== undefined && v > peakPoll) peakPoll = v;
      };
      sample();
      poller = setInterval(sample, 5);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutS * 1000);
    child.stdout.on('data', (c) => (outLen = keep(out, c, outLen)));
    child.stderr.on('data', (c) => (errLen = keep(err, c, errLen)));
    child.on('exit', () => {
      wallS = (performance.now() - t0) / 1000;
      if (poller) clearInterval(poller);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      if (poller) clearInterval(poller);
      resolvePromise({ status: 'error', error: e.message, wallS: 0, peakRssKB: undefined, stdout: '', stderr: '' });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let peakRssKB = rss === 'poll' ? peakPoll || undefined : undefined;
      const exitCode = code;
      let cpuS;
      if (timeFile) {
        try {
          const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
          const [kb, user, sys] = lines[lines.length - 1].split(' ').map(Number);
          if (Number.isFinite(kb)) peakRssKB = kb;
          // CPU seconds (user + system) of the child: less sensitive than wall time to other load.
          if (Number.isFinite(user) && Number.isFinite(sys)) cpuS = Math.round((user + sys) * 100) / 100;
          const sig = /terminated by signal (\d+)/.exec(lines.join('\n'));
          if (sig) signal = `signal ${sig[1]}`;
        } catch {
          /* time was killed before writing */
        }
      }
      const result = {
        status: timedOut ? 'timeout' : signal ? 'error' : 'ok',
        exitCode,
        signal: signal ?? null,
        wallS: timedOut ? timeoutS : (wallS ?? (performance.now() - t0) / 1000),
        cpuS,
        peakRssKB,
        stdout: tail(Buffer.concat(out)),
        stderr: tail(Buffer.concat(err)),
      };
      resolvePromise(result);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The three tools

function specPaths(spec) {
  const file = join(corpus, spec.file);
  const tree = spec.tree ? join(corpus, spec.tree) : undefined;
  return { file, tree };
}

function inputFiles(spec) {
  const { file, tree } = specPaths(spec);
  if (!tree) return [file];
  return readdirSync(tree, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? d.path, d.name));
}

async function runFloor(spec, ctx) {
  const { file, tree } = specPaths(spec);
  const args = [join(benchDir, 'parse-only.mjs'), file, ...(tree ? ['--all-under', tree] : [])];
  const r = await measure(process.execPath, args, { ...ctx, timeoutS: ctx.opts.timeoutS });
  if (r.status === 'ok' && r.exitCode !== 0) r.status = 'error';
  if (r.status === 'ok') {
    try {
      r.parsed = JSON.parse(r.stdout.trim().split('\n').pop());
    } catch {
      /* keep raw */
    }
  }
  return r;
}

function countGatehouse(outFile) {
  const data = JSON.parse(readFileSync(outFile, 'utf8'));
  const findings = Array.isArray(data) ? data : Array.isArray(data?.findings) ? data.findings : data?.report?.findings;
  if (!Array.isArray(findings)) throw new Error('no `findings` array in the JSON output');
  let occurrences = 0;
  for (const f of findings) {
    const o = f?.occurrences;
    occurrences += typeof o === 'number' ? o : Array.isArray(o) ? o.length : 1;
  }
  return { groups: findings.length, occurrences };
}

async function runGatehouse(spec, ctx) {
  if (ctx.opts.skipGatehouse) return { status: 'skipped' };
  if (!existsSync(gatehouseBin)) return { status: 'missing', error: `${relative(repoRoot, gatehouseBin)} not found` };
  const { file } = specPaths(spec);
  const outFile = join(ctx.tmp, `gatehouse-${spec.name}-${Date.now()}.json`);
  const args = [gatehouseBin, 'audit', file, '--format', 'json', '--out', outFile, '--no-progress'];
  const r = await measure(process.execPath, args, { ...ctx, timeoutS: ctx.opts.timeoutS });
  // 0 = no finding at or above --fail-on, 1 = some: both are a completed audit.
  if (r.status === 'ok' && r.exitCode !== 0 && r.exitCode !== 1) r.status = 'error';
  if (r.status === 'ok') {
    try {
      r.findings = countGatehouse(outFile);
    } catch (e) {
      r.status = 'error';
      r.error = `reading ${outFile}: ${e.message}`;
    }
  }
  rmSync(outFile, { force: true });
  return r;
}

function countSpectral(outFile) {
  const data = JSON.parse(readFileSync(outFile, 'utf8'));
  if (!Array.isArray(data)) throw new Error('Spectral output is not an array');
  const bySeverity = { error: 0, warn: 0, info: 0, hint: 0 };
  const names = ['error', 'warn', 'info', 'hint'];
  const byRule = {};
  for (const d of data) {
    bySeverity[names[d.severity] ?? 'hint']++;
    byRule[d.code] = (byRule[d.code] ?? 0) + 1;
  }
  return { results: data.length, bySeverity, rules: Object.keys(byRule).length, byRule };
}

async function runSpectral(spec, ctx) {
  if (ctx.opts.skipPeer) return { status: 'skipped' };
  if (!existsSync(spectralBin)) {
    return { status: 'missing', error: 'Spectral not installed: run `npm ci --prefix bench/peers`' };
  }
  const { file } = specPaths(spec);
  const outFile = join(ctx.tmp, `spectral-${spec.name}-${Date.now()}.json`);
  const args = ['lint', '-r', spectralRuleset, file, '-f', 'json', '-o', outFile, '--quiet'];
  const r = await measure(spectralBin, args, { ...ctx, timeoutS: ctx.opts.peerTimeoutS });
  // 0 = no error-severity result, 1 = some: both are a completed lint. 2 = Spectral failed.
  if (r.status === 'ok' && r.exitCode !== 0 && r.exitCode !== 1) r.status = 'error';
  if (r.status === 'ok') {
    try {
      r.findings = countSpectral(outFile);
    } catch (e) {
      r.status = 'error';
      r.error = `reading ${outFile}: ${e.message}`;
    }
  }
  rmSync(outFile, { force: true });
  return r;
}

// ---------------------------------------------------------------------------------------------
// Summaries

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Median over the runs; a tool is 'ok' only if every run was. */
function summarize(runs) {
  if (runs.length === 0) return { status: 'skipped' };
  const bad = runs.find((r) => r.status !== 'ok');
  if (bad) {
    return {
      status: bad.status,
      wallS: bad.wallS || undefined,
      cpuS: bad.cpuS,
      peakRssKB: bad.peakRssKB,
      error: bad.error ?? (bad.status === 'error' ? (bad.stderr || `exit ${bad.exitCode} ${bad.signal ?? ''}`).trim() : undefined),
    };
  }
  return {
    status: 'ok',
    runs: runs.length,
    wallS: median(runs.map((r) => r.wallS)),
    minWallS: Math.min(...runs.map((r) => r.wallS)),
    cpuS: median(runs.map((r) => r.cpuS ?? NaN).filter(Number.isFinite)),
    peakRssKB: median(runs.map((r) => r.peakRssKB ?? NaN).filter(Number.isFinite)),
    findings: runs[runs.length - 1].findings,
  };
}

const mb = (kb) => (kb === undefined ? undefined : (kb * 1024) / 1e6);

function evaluate(spec, floor, gh, peer) {
  const checks = [];
  const pending = [];
  const fails = [];
  const notes = [];
  const m = {};
  if (gh.status !== 'ok') {
    pending.push(`gatehouse ${gh.status}`);
  } else {
    if (spec.name === 'stripe') {
      const okWall = gh.wallS < TARGETS.stripeWallS;
      const okRss = mb(gh.peakRssKB) < TARGETS.stripeRssMB;
      checks.push({ target: `Stripe wall < ${TARGETS.stripeWallS} s`, value: gh.wallS, pass: okWall });
      checks.push({ target: `Stripe peak RSS < ${TARGETS.stripeRssMB} MB`, value: mb(gh.peakRssKB), pass: okRss });
      if (!okWall) fails.push(`${gh.wallS.toFixed(2)} s ≥ ${TARGETS.stripeWallS} s`);
      if (!okRss) fails.push(`${Math.round(mb(gh.peakRssKB))} MB ≥ ${TARGETS.stripeRssMB} MB`);
    }
    if (floor.status === 'ok') {
      m.floorRatio = gh.wallS / floor.wallS;
      m.floorRssRatio = gh.peakRssKB / floor.peakRssKB;
      if (gh.cpuS && floor.cpuS) m.floorCpuRatio = gh.cpuS / floor.cpuS;
      const ok = m.floorRatio <= TARGETS.maxFloorRatio;
      checks.push({ target: `wall ≤ ${TARGETS.maxFloorRatio}× floor`, value: m.floorRatio, pass: ok });
      if (!ok) fails.push(`${m.floorRatio.toFixed(1)}× floor`);
    } else pending.push(`floor ${floor.status}`);
    if (peer.status === 'ok' || peer.status === 'timeout') {
      m.peerSpeedup = peer.wallS / gh.wallS;
      m.peerSpeedupIsLowerBound = peer.status === 'timeout';
      if (peer.status === 'ok' && peer.cpuS && gh.cpuS) m.peerCpuSpeedup = peer.cpuS / gh.cpuS;
      const ok = m.peerSpeedup >= TARGETS.minPeerSpeedup;
      // How fast the floor alone is against Spectral: below the target, no Gatehouse can reach it.
      if (floor.status === 'ok') m.floorPeerSpeedup = peer.wallS / floor.wallS;
      if (ok || peer.status === 'ok') {
        checks.push({ target: `≥ ${TARGETS.minPeerSpeedup}× faster than Spectral`, value: m.peerSpeedup, lowerBound: m.peerSpeedupIsLowerBound, pass: ok });
        if (!ok) {
          const bound =
            m.floorPeerSpeedup !== undefined && m.floorPeerSpeedup < TARGETS.minPeerSpeedup
              ? `, unreachable: parsing alone is ${m.floorPeerSpeedup.toFixed(1)}×`
              : '';
          fails.push(`${m.peerSpeedup.toFixed(1)}× Spectral${bound}`);
        }
      } else pending.push('Spectral timed out too early to judge');
    } else if (peer.status === 'error') notes.push('Spectral crashed: no speed-up');
    else pending.push(`spectral ${peer.status}`);
  }
  if (gh.status === 'error') return { verdict: 'error', checks, pending, notes, ...m };
  const verdict = fails.length
    ? `FAIL (${fails.join('; ')})`
    : pending.length
      ? 'pending'
      : `PASS${notes.length ? ` (${notes.join('; ')})` : ''}`;
  return { verdict, checks, pending, notes, ...m };
}

// ---------------------------------------------------------------------------------------------
// Report

const fmtS = (s) => (s === undefined ? '–' : s < 10 ? s.toFixed(2) : s.toFixed(1));
const fmtMB = (kb) => (kb === undefined || Number.isNaN(kb) ? '–' : Math.round(mb(kb)).toLocaleString('en-US'));
const fmtN = (n) => (n === undefined ? '–' : n.toLocaleString('en-US'));

function fmtSize(bytes, files) {
  const s = `${(bytes / 1e6).toFixed(2)} MB`;
  return files > 1 ? `${s} (${fmtN(files)} files)` : s;
}

function table(rows) {
  const head = [
    'spec',
    'size',
    'floor s (CPU s)',
    'floor MB',
    'Gatehouse s (CPU s)',
    'Gatehouse MB',
    'Gatehouse findings (groups / occurrences)',
    'Spectral s (CPU s)',
    'Spectral MB',
    'Spectral results',
    'Gatehouse / floor',
    'speed-up vs Spectral',
    'targets',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 || i === 12 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) {
    const { floor, gatehouse: gh, spectral: sp, evaluation: ev } = r;
    const state = (t) => (t.status === 'ok' ? null : t.status === 'missing' || t.status === 'skipped' ? 'pending' : t.status);
    const ghState = state(gh);
    const spState = sp.status === 'skipped' && r.spectralBaseline ? null : state(sp);
    const spT = sp.status === 'skipped' && r.spectralBaseline ? r.spectralBaseline : sp;
    const mark = sp.status === 'skipped' && r.spectralBaseline ? ' ᵇ' : '';
    const wallCpu = (t) => `${fmtS(t.wallS)}${t.cpuS !== undefined && Number.isFinite(t.cpuS) ? ` (${fmtS(t.cpuS)})` : ''}`;
    const spWall =
      spT.status === 'timeout'
        ? `> ${fmtS(spT.wallS)} (timeout)`
        : spT.status === 'error' && spT.wallS !== undefined
          ? `crashed after ${fmtS(spT.wallS)}`
          : (spState ?? `${wallCpu(spT)}${mark}`);
    lines.push(
      `| ${[
        r.label,
        fmtSize(r.bytes, r.files),
        state(floor) ?? wallCpu(floor),
        state(floor) ?? fmtMB(floor.peakRssKB),
        ghState ?? wallCpu(gh),
        ghState ?? fmtMB(gh.peakRssKB),
        ghState ?? `${fmtN(gh.findings?.groups)} / ${fmtN(gh.findings?.occurrences)}`,
        spWall,
        spT.status === 'timeout' || spT.status === 'error' ? fmtMB(spT.peakRssKB) : (spState ?? `${fmtMB(spT.peakRssKB)}${mark}`),
        spT.status === 'timeout' || spT.status === 'error' ? 'none' : (spState ?? fmtN(spT.findings?.results)),
        ev.floorRatio === undefined ? (ghState ?? '–') : `${ev.floorRatio.toFixed(2)}×`,
        ev.peerSpeedup === undefined ? (ghState ?? '–') : `${ev.peerSpeedupIsLowerBound ? '> ' : ''}${ev.peerSpeedup.toFixed(0)}×`,
        ev.verdict,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

function machine(isolate, rss) {
  const cpus = os.cpus();
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  let spectralVersion;
  let owaspVersion;
  try {
    const peers = join(benchDir, 'peers', 'node_modules', '@stoplight');
    spectralVersion = JSON.parse(readFileSync(join(peers, 'spectral-cli', 'package.json'), 'utf8')).version;
    owaspVersion = JSON.parse(readFileSync(join(peers, 'spectral-owasp-ruleset', 'package.json'), 'utf8')).version;
  } catch {
    /* peers not installed */
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    commit: git.status === 0 ? git.stdout.trim() : undefined,
    spectralCli: spectralVersion,
    owaspRuleset: owaspVersion,
    rssMethod: rss === 'time' ? 'GNU time %M (wait4 ru_maxrss)' : '/proc/PID/status VmHWM polled every 5 ms',
    network: isolate ? 'none (children run under `unshare -n`)' : 'not isolated',
  };
}

function loadBaseline() {
  try {
    return JSON.parse(readFileSync(baselineFile, 'utf8'));
  } catch {
    return undefined;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(corpus)) fail(`corpus not found at ${corpus} (set GATEHOUSE_CORPUS)`);
  const specs = opts.only.length ? SPECS.filter((s) => opts.only.some((n) => s.name.startsWith(n))) : SPECS;
  if (specs.length === 0) fail(`--only ${opts.only.join(',')} matches none of ${SPECS.map((s) => s.name).join(', ')}`);

  const isolate = !opts.network && unshareWorks();
  const tmp = mkdtempSync(join(os.tmpdir(), 'gatehouse-bench-'));
  const env = {
    ...process.env,
    // the same node for every child, Spectral's `#!/usr/bin/env node` included
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    SCARF_ANALYTICS: 'false',
  };
  delete env.NODE_OPTIONS;
  const ctx = { opts, tmp, env, rss: opts.rss, isolate };
  const info = machine(isolate, opts.rss);
  const baseline = opts.skipPeer ? loadBaseline() : undefined;

  process.stderr.write(
    `bench: ${specs.length} spec(s), ${opts.runs} run(s) each; node ${info.node}, ${info.cpus} cores; ` +
      `peak RSS by ${opts.rss}; network ${isolate ? 'cut (unshare -n)' : 'not isolated'}\n`,
  );

  const rows = [];
  let broken = false;
  try {
    for (const spec of specs) {
      const files = inputFiles(spec);
      for (const f of files) if (!existsSync(f)) fail(`missing input ${f}`);
      let bytes = 0;
      for (const f of files) {
        bytes += statSync(f).size;
        readFileSync(f); // warm the page cache so the first measured run is not the only cold one
      }
      const runs = { floor: [], gatehouse: [], spectral: [] };
      for (let i = 0; i < opts.runs; i++) {
        const tag = `${spec.name} run ${i + 1}/${opts.runs}`;
        const load = () => os.loadavg()[0].toFixed(2);
        const step = async (tool, fn) => {
          const before = os.loadavg()[0];
          process.stderr.write(`  ${tag}: ${tool}… (load ${load()}) `);
          const r = await fn(spec, ctx);
          // 1-minute load average before and after: the machine may be shared.
          r.loadAvg1 = [before, os.loadavg()[0]].map((x) => Math.round(x * 100) / 100);
          process.stderr.write(
            r.status === 'ok'
              ? `${fmtS(r.wallS)} s, ${fmtMB(r.peakRssKB)} MB\n`
              : `${r.status}${r.error ? `: ${r.error}` : r.stderr ? `: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}\n`,
          );
          if (r.status !== 'skipped' && r.status !== 'missing') runs[tool].push(r);
          return r;
        };
        await step('floor', runFloor);
        if (!opts.skipGatehouse) await step('gatehouse', runGatehouse);
        // Spectral once is enough when it timed out or failed; repeating costs up to 10 min.
        const lastPeer = runs.spectral[runs.spectral.length - 1];
        if (!opts.skipPeer && (!lastPeer || lastPeer.status === 'ok')) await step('spectral', runSpectral);
      }
      const floor = summarize(runs.floor);
      const gatehouse =
        runs.gatehouse.length === 0
          ? { status: opts.skipGatehouse ? 'skipped' : 'missing' }
          : summarize(runs.gatehouse);
      const spectral =
        runs.spectral.length === 0 ? { status: opts.skipPeer ? 'skipped' : 'missing' } : summarize(runs.spectral);
      // Against stored figures, take Spectral's fastest run: the one least slowed by other load,
      // so the speed-up is not flattered by a busy machine on the day the baseline was taken.
      const stored = spectral.status === 'skipped' ? baseline?.specs?.[spec.name] : undefined;
      const spectralBaseline =
        stored && stored.status === 'ok' && stored.minWallS !== undefined ? { ...stored, wallS: stored.minWallS } : stored;
      const evaluation = evaluate(spec, floor, gatehouse, spectralBaseline ?? spectral);
      // A peer that crashes is a figure, not a broken bench.
      for (const t of [floor, gatehouse]) if (t.status === 'error') broken = true;
      rows.push({
        name: spec.name,
        label: spec.label,
        input: relative(corpus, join(corpus, spec.file)),
        files: files.length,
        bytes,
        floor,
        gatehouse,
        spectral,
        ...(spectralBaseline ? { spectralBaseline: { ...spectralBaseline, from: relative(repoRoot, baselineFile) } } : {}),
        evaluation,
        runs: Object.fromEntries(
          Object.entries(runs).map(([k, v]) => [k, v.map(({ stdout, stderr, ...rest }) => ({ ...rest, stderrTail: stderr ? stderr.slice(-1000) : undefined }))]),
        ),
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const md = table(rows);
  const notes = [];
  if (rows.some((r) => r.spectralBaseline)) {
    notes.push(
      `ᵇ Spectral not run (--skip-peer): its fastest stored run from bench/peer-baseline.json (${baseline?.machine?.date ?? 'unknown date'}).`,
    );
  }
  notes.push(
    `MB = 10⁶ bytes of peak RSS (${info.rssMethod}); s = wall seconds from spawn to exit, median of ${opts.runs} run(s). ` +
      `Node ${info.node}, ${info.cpus} cores (${info.cpuModel}), Spectral ${info.spectralCli ?? '?'} + OWASP ruleset ${info.owaspRuleset ?? '?'}; network ${isolate ? 'cut' : 'not cut'}.`,
  );
  process.stdout.write(`\n${md}\n\n${notes.join('\n')}\n`);

  const result = { machine: info, options: { ...opts, out: relative(repoRoot, opts.out) }, targets: TARGETS, corpus, specs: rows };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(opts.out.replace(/\.json$/, '') + '.md', `${md}\n\n${notes.join('\n')}\n`);
  process.stderr.write(`bench: results in ${relative(process.cwd(), opts.out)}\n`);

  if (opts.writePeerBaseline) {
    const prev = loadBaseline() ?? { specs: {} };
    const specsOut = { ...prev.specs };
    for (const r of rows) {
      if (r.spectral.status === 'ok' || r.spectral.status === 'timeout' || r.spectral.status === 'error') {
        const { status, wallS, minWallS, cpuS, peakRssKB, runs: n, findings, error } = r.spectral;
        const r2 = (x) => (x === undefined ? undefined : Math.round(x * 100) / 100);
        specsOut[r.name] = {
          wallS: r2(wallS),
          minWallS: r2(minWallS),
          cpuS,
          date: info.date,
          loadAvg1: r.runs.spectral.map((x) => x.loadAvg1),
          status,
          peakRssKB,
          runs: n,
          error,
          findings: findings ? { results: findings.results, bySeverity: findings.bySeverity, rules: findings.rules } : undefined,
        };
      }
    }
    const { date, node, cpus, cpuModel, spectralCli, owaspRuleset, rssMethod, network } = info;
    const out = { machine: { date, node, cpus, cpuModel, spectralCli, owaspRuleset, rssMethod, network }, specs: specsOut };
    writeFileSync(baselineFile, `${JSON.stringify(out, null, 2)}\n`);
    process.stderr.write(`bench: Spectral figures stored in ${relative(process.cwd(), baselineFile)}\n`);
  }

  if (broken) process.exitCode = 1;
  if (opts.check && rows.some((r) => r.evaluation.verdict.startsWith('FAIL'))) process.exitCode = 1;
}

await main();
