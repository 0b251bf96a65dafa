#!/usr/bin/env node
// The floor of the benchmark: read and parse a spec with the parser families Gatehouse uses,
// and do nothing else. bench/run.mjs runs it in a fresh process per spec and compares
// Gatehouse's end-to-end time and memory with it.
//
//   node bench/parse-only.mjs FILE                 parse one file
//   node bench/parse-only.mjs FILE --all-under DIR  parse FILE and every .yaml/.yml/.json
//                                                  file under DIR (multi-file specs)
//
// JSON (.json, or any other name whose text starts with `{` or `[`) goes through JSON.parse;
// YAML (.yaml/.yml, or anything else) through js-yaml's load (core schema), the parser of the
// app's fast YAML path, and through `yaml`'s parseDocument with a LineCounter only when js-yaml
// refuses the file (the app's exact path, which also reports the errors). Prints one JSON line:
// {"files":N,"bytes":N,"lines":N,"yamlErrors":N,"yamlFallbacks":N}.
// Exits 2 on a parse error, 64 on bad usage.
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, parseDocument } from 'yaml';

function usage(message) {
  process.stderr.write(`${message}\nusage: node bench/parse-only.mjs FILE [--all-under DIR]\n`);
  process.exit(64);
}

const args = process.argv.slice(2);
let root;
let allUnder;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--all-under') {
    allUnder = args[++i];
    if (!allUnder) usage('--all-under needs a folder');
  } else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else if (root === undefined) root = a;
  else usage(`unexpected argument ${a}`);
}
if (root === undefined) usage('missing FILE');

const files = [resolve(root)];
if (allUnder) {
  const dir = resolve(allUnder);
  const under = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ya?ml|json)$/i.test(d.name))
    .map((d) => join(d.parentPath ?? d.path, d.name))
    .sort();
  for (const f of under) if (f !== files[0]) files.push(f);
}

function looksLikeJson(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) continue;
    return c === 0x7b /* { */ || c === 0x5b /* [ */;
  }
  return false;
}

// Keep every parsed result alive until the end, as an audit would.
const kept = [];
let bytes = 0;
let lines = 0;
let yamlErrors = 0;
let yamlFallbacks = 0;
function countLines(text) {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text, 'utf8');
  const ext = extname(file).toLowerCase();
  const json = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && looksLikeJson(text));
  if (json) {
    try {
      kept.push(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
    } catch (e) {
      process.stderr.write(`${file}: ${e.message}\n`);
      process.exit(2);
    }
    lines += countLines(text);
  } else {
    try {
      kept.push(load(text, { schema: CORE_SCHEMA }));
      lines += countLines(text);
      continue;
    } catch {
      yamlFallbacks++;
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    if (doc.errors.length > 0) {
      yamlErrors += doc.errors.length;
      process.stderr.write(`${file}: ${doc.errors[0].message}\n`);
    }
    kept.push({ doc, lineCounter });
    lines += lineCounter.lineStarts.length;
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, bytes, lines, yamlErrors, yamlFallbacks, kept: kept.length })}\n`);
if (yamlErrors > 0) process.exit(2);
