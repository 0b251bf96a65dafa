// Runs after `npm install` / `npm ci`.
// 1. Compiles the TypeScript sources for the CLI (build/) and bundles the CLI (scripts/bundle-cli.mjs),
//    as `npm run build` does, so that `npx gatehouse` starts fast right after install.
// 2. Fetches the Electron binary when the network allows it. package.json denies electron's own
//    install script (allowScripts) so that an offline or GitHub-less machine can still install;
//    here we run the same downloader and only warn when it cannot reach GitHub.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
}

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (existsSync(tsc)) {
  const r = run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Without the bundle the CLI still runs (unbundled, slower to start), so a failure only warns.
  const bundle = run(process.execPath, [path.join(root, 'scripts', 'bundle-cli.mjs')]);
  if (bundle.status !== 0) console.warn('gatehouse: the CLI bundle could not be built; the CLI runs unbundled.');
}

let electronInstall;
try {
  electronInstall = require.resolve('electron/install.js');
} catch {
  electronInstall = undefined;
}
if (electronInstall && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  const r = run(process.execPath, [electronInstall], { stdio: 'pipe', encoding: 'utf8' });
  if (r.status !== 0) {
    console.warn(
      'gatehouse: the Electron binary could not be downloaded (no access to its release host).\n' +
        '  The CLI and all tests work without it; `npm start` needs it. On a machine with internet\n' +
        '  access run `node node_modules/electron/install.js` (or `npm rebuild electron`).',
    );
  }
}
