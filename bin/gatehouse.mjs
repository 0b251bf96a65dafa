#!/usr/bin/env node
// Entry point of the `gatehouse` command: runs the compiled CLI (build/, made by `npm install`
// or `npm run build`). `npm run build` also bundles it into build/cli/bundle/gatehouse.mjs
// (scripts/bundle-cli.mjs), which starts faster than the few hundred modules of
// build/electron/cli/; the bundle is used only when it is at least as new as tsc's last emit
// (build/.tsbuildinfo), so a plain `tsc` rebuild is never shadowed by an older bundle.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'build', 'electron', 'cli', 'main.js');
const bundle = path.join(root, 'build', 'cli', 'bundle', 'gatehouse.mjs');

function bundleIsCurrent() {
  const b = statSync(bundle, { throwIfNoEntry: false });
  if (!b) return false;
  const t = statSync(path.join(root, 'build', '.tsbuildinfo'), { throwIfNoEntry: false });
  return !t || t.mtimeMs <= b.mtimeMs;
}

const chosen = process.env.GATEHOUSE_NO_BUNDLE !== '1' && bundleIsCurrent() ? bundle : entry;
if (!existsSync(chosen)) {
  process.stderr.write('gatehouse: the CLI is not built yet; run `npm run build` (npm install does it too).\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(chosen).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
