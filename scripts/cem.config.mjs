// Custom Elements Manifest analyzer settings for `npm run build:manifest`.
import { tandemManifestPlugin } from './cem-tandem-plugin.mjs';

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise rewrite package.json's "customElements" ("./custom-elements.json"
  // becomes "custom-elements.json") on every build.
  packagejson: false,
  // Documented events with their classes, dist/ paths, tag definitions, CSS defaults; modules
  // sorted, so the committed manifest is what every build writes (the globs come back in the file
  // system's order, which differs from one clone to the next).
  plugins: [tandemManifestPlugin()],
};
