// Custom Elements Manifest analyzer settings for `npm run build:manifest`.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise rewrite package.json's "customElements" ("./custom-elements.json"
  // becomes "custom-elements.json") on every build.
  packagejson: false,
  plugins: [
    {
      // The globs come back in the file system's order, which differs from one clone to the next:
      // sorted, the committed manifest is what every build writes.
      name: 'tandem-sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
