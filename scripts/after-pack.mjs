// electron-builder afterPack hook: flips Electron's fuses in the packaged binary, right before
// electron-builder signs it. What each fuse does: https://www.electronjs.org/docs/latest/tutorial/fuses
//
// @electron/fuses ships with electron-builder (app-builder-lib depends on it); if a future
// electron-builder stops bringing it, add it as a devDependency. Packaging fails rather than
// ship an app with default fuses.

/** The fuses of every Gatehouse build (names as in @electron/fuses FuseV1Options). */
export const FUSES = Object.freeze({
  /** ELECTRON_RUN_AS_NODE would turn the app into a plain Node.js. */
  RunAsNode: false,
  /** Cookies encrypted at rest with the OS keychain key. */
  EnableCookieEncryption: true,
  /** NODE_OPTIONS could inject code into the app. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect and friends would let anyone attach a debugger. */
  EnableNodeCliInspectArguments: false,
  /** app.asar is checked against the hash embedded at packaging (macOS, Windows). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** The app loads only from app.asar, never from a folder planted beside it. */
  OnlyLoadAppFromAsar: true,
  /** We never use file://; it gets no extra privileges. */
  GrantFileProtocolExtraPrivileges: false,
});

/** builder-util's Arch enum: ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
const ARM64 = 3;

function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return `${appOutDir}/${packager.appInfo.productFilename}.app`;
  if (electronPlatformName === 'win32') return `${appOutDir}/${packager.appInfo.productFilename}.exe`;
  return `${appOutDir}/${packager.executableName}`;
}

export default async function afterPack(context) {
  let fuses;
  try {
    fuses = await import('@electron/fuses');
  } catch (error) {
    throw new Error(`@electron/fuses is needed to package Gatehouse with its fuses set (${error.message})`);
  }
  const { FuseVersion, FuseV1Options, flipFuses } = fuses;
  const config = {
    version: FuseVersion.V1,
    // An arm64 macOS binary must keep a valid (ad-hoc) signature after its bytes change.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARM64,
  };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`this @electron/fuses does not know the fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  if (typeof context.packager.addElectronFuses === 'function') await context.packager.addElectronFuses(context, config);
  else await flipFuses(electronBinary(context), config);
}
