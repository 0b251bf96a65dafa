/**
 * Packaging cannot run here (electron-builder downloads Electron), so its configuration is
 * checked instead: targets and icons for every platform, the native module unpacked and rebuilt,
 * the fuses, and the file list — which must leave out the test transport, the CLI, sources, maps
 * and tests. The file list is judged with electron-builder's own matcher.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = path.resolve(import.meta.dirname, '../../..');
const config = parse(readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
const require = createRequire(import.meta.url);

/** The app files electron-builder would put into app.asar, out of `candidates` (relative paths). */
function packaged(candidates: string[]): string[] {
  const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
    FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => { createFilter(): (file: string, stat: unknown) => boolean };
  };
  const filter = new FileMatcher(repo, '/app', (s) => s, config.files).createFilter();
  const stat = (dir: boolean) => ({ isDirectory: () => dir, moduleFullFilePath: undefined });
  return candidates.filter((rel) => {
    // A file is copied only when every folder on its way is entered, and the file itself matches.
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if (!filter(path.join(repo, ...parts.slice(0, i)), stat(true))) return false;
    return filter(path.join(repo, rel), stat(false));
  });
}

describe('electron-builder.yml', () => {
  it('names the app and never publishes anywhere', () => {
    expect(config.appId).toBe('org.gatehouse.workbench');
    expect(config.productName).toBe('Gatehouse');
    expect(config.publish).toBeNull();
    expect(config.directories.output).toBe('dist');
    // electron-builder leaves buildResources out of the app: it must not be build/, where the app is.
    expect(config.directories.buildResources).not.toMatch(/^build\/?$/);
  });

  it('targets Linux (AppImage, deb), Windows (NSIS) and macOS (dmg), each with an icon that exists', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(existsSync(path.join(repo, config.linux.icon, '512x512.png'))).toBe(true);
    expect(existsSync(path.join(repo, config.win.icon))).toBe(true);
    expect(existsSync(path.join(repo, config.mac.icon))).toBe(true);
    const png = readFileSync(path.join(repo, config.mac.icon));
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // macOS needs 512×512 or more
    const ico = readFileSync(path.join(repo, config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1); // an icon resource
    expect(ico[6 + 16 * (ico.readUInt16LE(4) - 1)]).toBe(0); // its largest entry is 256×256
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.nsis.oneClick).toBe(false);
  });

  it('packs into asar, unpacks and rebuilds better-sqlite3 for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**/*', '**/*.node']));
    expect(config.npmRebuild).toBe(true);
    expect(pkg.scripts['rebuild:electron']).toBe('electron-builder install-app-deps');
    expect(pkg.scripts.start).toMatch(/rebuild:electron && electron \.$/);
    expect(pkg.scripts.poststart).toBe('npm run rebuild:node');
    expect(pkg.scripts.dist).toMatch(/electron-builder --config electron-builder.yml$/);
  });

  it('flips the fuses after packing: RunAsNode, NODE_OPTIONS and inspect off; cookie encryption, ASAR integrity, only-from-ASAR on', async () => {
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    expect(config).not.toHaveProperty('electronFuses'); // one place sets them
    const hook = (await import(path.join(repo, 'scripts/after-pack.mjs'))) as { FUSES: Record<string, boolean>; default: unknown };
    expect(hook.FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    expect(hook.default).toBeTypeOf('function');
    const { FuseV1Options } = (await import('@electron/fuses')) as unknown as { FuseV1Options: Record<string, number> };
    for (const name of Object.keys(hook.FUSES)) expect(FuseV1Options[name], name).toBeTypeOf('number');
  });

  it('the hook writes the fuses through electron-builder for the packed binary', async () => {
    const hook = (await import(path.join(repo, 'scripts/after-pack.mjs'))) as { default: (context: unknown) => Promise<void> };
    const calls: unknown[] = [];
    await hook.default({
      appOutDir: '/out/mac',
      electronPlatformName: 'darwin',
      arch: 3,
      packager: { addElectronFuses: async (_context: unknown, fuses: unknown) => void calls.push(fuses), appInfo: { productFilename: 'Gatehouse' } },
    });
    expect(calls).toEqual([{ version: '1', resetAdHocDarwinSignature: true, 0: false, 1: true, 2: false, 3: false, 4: true, 5: true, 7: false }]);
  });

  it('packages main, preload, renderer and services, and never the test transport, the CLI, sources, maps or tests', () => {
    const candidates = [
      'package.json',
      'build/electron/main/main.js',
      'build/electron/main/security-settings.js',
      'build/electron/preload/preload.cjs',
      'build/electron/node/services/app-services.js',
      'build/electron/node/services/jobs/job-worker.js',
      'build/shared/api/contract.js',
      'build/renderer/index.html',
      'build/renderer/assets/index-abc123.js',
      'assets/icons/png/512x512.png',
      'assets/samples/clinic-api.yaml',
      // must stay out:
      'build/electron/node/test-transport/test-transport.js',
      'build/electron/node/test-transport/browser-shim.js',
      'electron/node/test-transport/test-transport.ts',
      'build/electron/cli/main.js',
      'build/electron/main/main.js.map',
      'electron/main/main.ts',
      'shared/api/contract.ts',
      'test/unit/packaging/electron-builder-config.test.ts',
      'test/fixtures/specs/pixi-swagger.json',
      'bench/run.mjs',
      'build/.tsbuildinfo',
      'renderer/main.tsx',
      'playwright.config.ts',
      'scripts/after-pack.mjs',
    ];
    const included = packaged(candidates);
    expect(included).toEqual(candidates.slice(0, 11));
    expect(included.some((f) => f.includes('test-transport'))).toBe(false);
    // main as package.json names it is in the package
    expect(included).toContain(pkg.main);
  });

  it('every file of the real build that the package takes is one it should take', () => {
    const built = path.join(repo, 'build', 'electron', 'node', 'test-transport', 'test-transport.js');
    if (!existsSync(built)) return; // nothing built yet: the synthetic list above still holds
    expect(packaged(['build/electron/node/test-transport/test-transport.js'])).toEqual([]);
  });
});
