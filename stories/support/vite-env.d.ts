/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set by .storybook/main.ts: the hub of `npm run storybook`; empty in the static build. */
  readonly STORYBOOK_TANDEM_HUB_URL?: string;
}
