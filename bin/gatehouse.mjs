#!/usr/bin/env node
// Entry point of the `gatehouse` command: runs the compiled CLI (build/, made by `npm install`
// or `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'build', 'electron', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('gatehouse: the CLI is not built yet; run `npm run build` (npm install does it too).\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
