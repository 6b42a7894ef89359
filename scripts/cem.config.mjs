// Custom Elements Manifest analyzer settings for `npm run build:manifest`.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise rewrite package.json's "customElements" ("./custom-elements.json"
  // becomes "custom-elements.json") on every build.
  packagejson: false,
};
