/** Modules Vite provides to the renderer build. */

/** A file's text, inlined into the bundle at build time (`import text from './file.yaml?raw'`). */
declare module '*?raw' {
  const text: string;
  export default text;
}
