/**
 * Builds the CDN file only: `dist/cdn/tandem.js`, one self-contained, minified ES module with Lit and
 * @lit/localize inlined and no chunks, so a page needs a single `<script type="module">`.
 *
 * The input is the library already compiled by `tsc -p tsconfig.build.json` (`npm run build:lib`), not
 * the TypeScript sources: bundling tsc's output keeps one decorator transform (TypeScript's
 * experimentalDecorators) for the npm package and the CDN file alike.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const entry = fileURLToPath(new URL('./dist/index.js', import.meta.url));

export default defineConfig(({ command }) => {
  if (command === 'build' && !existsSync(entry)) {
    throw new Error('dist/index.js is missing: run `npm run build:lib` before `npm run build:cdn`.');
  }
  return {
    // The library has no public/ folder and no HTML entry; nothing to copy.
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: 'dist/cdn',
      // dist/ also holds the compiled library; never wipe it.
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: entry,
        // One file: inline every dynamic import (the lazily loaded locales too).
        preserveEntrySignatures: 'exports-only',
        output: {
          format: 'es',
          entryFileNames: 'tandem.js',
          codeSplitting: false,
        },
      },
    },
  };
});
