/**
 * Builds the vendor facades (`src/compat/`, see its files) into `dist/cdn/compat/<vendor>.js`: one
 * self-contained, minified classic script (IIFE) each, which also runs as a module. A facade holds
 * no element code: it loads `../tandem.js` from beside itself (the hub's `/tandem.js`), so IIFE,
 * which allows one entry per build, costs five small builds rather than five copies of Tandem.
 *
 * Like vite.config.ts, it bundles tsc's output (`dist/compat/*.js`, from `npm run build:lib`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const FACADES = ['bambuser-one-to-one', 'fluxplayer', 'mluvii', 'web1on1', 'onwebchat'];

const root = fileURLToPath(new URL('..', import.meta.url));

for (const name of FACADES) {
  const input = fileURLToPath(new URL(`../dist/compat/${name}.js`, import.meta.url));
  if (!existsSync(input)) {
    throw new Error(
      `dist/compat/${name}.js is missing: run \`npm run build:lib\` before \`npm run build:compat\`.`,
    );
  }
  await build({
    root,
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: 'dist/cdn/compat',
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input,
        output: { format: 'iife', entryFileNames: `${name}.js`, codeSplitting: false },
      },
    },
  });
}
