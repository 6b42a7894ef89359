/**
 * Storybook for Tandem's elements: the stories in stories/*.stories.ts (Component Story Format), built
 * with Vite from the TypeScript sources. `npm run build:stories` writes the static build into
 * storybook-static/, which the hub serves at /stories/ (same origin: the stories talk to that hub).
 * `npm run storybook` starts the dev server; its stories talk to the hub at TANDEM_HUB_URL
 * (default http://localhost:8080, `npm start`).
 */
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/*.stories.ts'],
  framework: {
    name: '@storybook/web-components-vite',
    // Not the repository's vite.config.ts: that one builds the CDN file from dist/.
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Controls, actions and the viewport toolbar are part of Storybook itself; no docs pages (the README
  // is the reference), which keeps the build quick.
  env: (base, { configType }) => ({
    ...base,
    // Empty in the static build: the elements then talk to the origin that served them, the hub.
    STORYBOOK_TANDEM_HUB_URL:
      configType === 'DEVELOPMENT' ? (process.env.TANDEM_HUB_URL ?? 'http://localhost:8080') : '',
  }),
  viteFinal: (vite) => ({
    ...vite,
    build: {
      ...vite.build,
      // The preview bundles Storybook with Lit and every element; one big chunk is expected here.
      chunkSizeWarningLimit: 2500,
      // On a busy machine rolldown reports slow plugins; Storybook's own are the slow ones.
      rolldownOptions: {
        ...vite.build?.rolldownOptions,
        checks: { ...vite.build?.rolldownOptions?.checks, pluginTimings: false },
      },
    },
  }),
};

export default config;
