/**
 * Builds the CDN files: `dist/cdn/tandem.js`, the launcher (src/launcher/tandem.ts), and the hashed
 * chunks it loads on demand, `dist/cdn/chunks/*-<hash>.js`: each element's full part, the locales,
 * phone-number handling, and the code they share. Chunks are found relative to the file that imports
 * them (`import.meta.url`), so they come from the hub that served `tandem.js`. Lit and @lit/localize
 * are bundled; nothing is fetched from anywhere else.
 *
 * The input is the library already compiled by `tsc -p tsconfig.build.json` (`npm run build:lib`), not
 * the TypeScript sources: bundling tsc's output keeps one decorator transform (TypeScript's
 * experimentalDecorators) for the npm package and the CDN files alike.
 */
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const entry = fileURLToPath(new URL('./dist/launcher/tandem.js', import.meta.url));

/** Lit's modules register their versions at load; where unused (the launcher draws without Lit), they may go. */
const LIT_RUNTIME = /node_modules\/(lit|lit-element|@lit\/reactive-element)\//;

/**
 * Lit's `css` templates are kept as written (indented, commented) by the minifier: a third of the old
 * bundle. This squeezes their text: comments out, runs of white space to one, none around `{};,`.
 * Our styles hold no `${}`, so the template text is plain CSS.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'tandem-minify-lit-css',
    transform(code, id) {
      if (!id.includes('/dist/') || !/\bcss ?`/.test(code)) return null;
      const squeezedCode = code.replace(/\bcss ?`([^`$]*)`/g, (_, text: string) => {
        const squeezed = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${squeezed}\``;
      });
      // Line breaks inside the templates go, so lines shift: no source map for this step.
      return { code: squeezedCode, map: null };
    },
  };
}

/**
 * Vite wraps each `import()` in its module preload helper, which puts a `<link rel="modulepreload">`
 * for each chunk the imported chunk imports, all levels, so they come in parallel rather than one
 * level at a time. Its own helper is about 0.9 KB gzip, mostly for CSS and old browsers; this puts
 * ours in its place (src/launcher/preload-chunks.ts), which does just that.
 */
function leanPreloadHelper(): Plugin {
  const helperId = '\0vite/preload-helper.js';
  const lean = fileURLToPath(new URL('./dist/launcher/preload-chunks.js', import.meta.url));
  return {
    name: 'tandem-lean-preload-helper',
    enforce: 'pre',
    resolveId: (id) => (id === helperId ? lean : null),
  };
}

/**
 * lit-localize hashes a message's text into its id when `msg()` has no `id`: every `msg()` of
 * Tandem has one (the lint rule in eslint.config.js says so), so the hashing (fnv1a64) stays out.
 * One without would show its source text in every locale.
 */
function noMsgIdHashing(): Plugin {
  const stub = '\0tandem-msg-id';
  return {
    name: 'tandem-no-msg-id-hashing',
    enforce: 'pre',
    resolveId: (source, importer) =>
      source === './id-generation.js' && importer?.includes('@lit/localize') ? stub : null,
    load: (id) => (id === stub ? `export const generateMsgId = () => '';` : null),
  };
}

export default defineConfig(({ command }) => {
  if (command === 'build' && !existsSync(entry)) {
    throw new Error(
      'dist/launcher/tandem.js is missing: run `npm run build:lib` before `npm run build:cdn`.',
    );
  }
  // Chunks of earlier builds have other hashes; leave only this build's.
  if (command === 'build')
    rmSync(fileURLToPath(new URL('./dist/cdn/chunks', import.meta.url)), { recursive: true, force: true });
  return {
    // Chunk URLs are relative to the importing file, so the CDN files work from any path of any hub.
    base: './',
    publicDir: false,
    plugins: [minifyLitCss(), leanPreloadHelper(), noMsgIdHashing()],
    logLevel: 'warn',
    build: {
      outDir: 'dist/cdn',
      // dist/ also holds the compiled library and the compat facades; never wipe it.
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      copyPublicDir: false,
      // A chunk's own imports are fetched with it, in parallel: see leanPreloadHelper.
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      rolldownOptions: {
        input: { tandem: entry },
        preserveEntrySignatures: 'exports-only',
        treeshake: {
          moduleSideEffects: (id: string) => !LIT_RUNTIME.test(id),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          // Phone-number handling (libphonenumber-js, most of the old bundle) only with the forms
          // that take a number (chat details, booking), never with Lit and the session they share.
          codeSplitting: {
            groups: [{ name: 'phone', test: /libphonenumber-js|validation[\\/]phone/ }],
          },
        },
      },
    },
  };
});
