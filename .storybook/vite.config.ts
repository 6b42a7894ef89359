/** Vite settings for Storybook only (see main.ts); the CDN build keeps its own vite.config.ts. */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * package.json's `sideEffects` names the built files only, so a bundle of the TypeScript sources would
 * drop the modules that only register an element. Every source module keeps its side effects here.
 */
const sourcesHaveSideEffects: Plugin = {
  name: 'tandem-sources-have-side-effects',
  transform(code, id) {
    return id.startsWith(SRC) ? { code, map: null, moduleSideEffects: true } : null;
  },
};

export default defineConfig({
  logLevel: 'warn',
  plugins: [sourcesHaveSideEffects],
});
