import { html, nothing, type TemplateResult } from 'lit';
import { themeDeclarations, type PublicOrgSettings } from '../protocol/org-settings.js';

/**
 * One of the org's themes (set on the hub) as a `:host` rule of `--tandem-*` custom properties. The
 * page's own settings on the element still win: they are outer styles, which beat `:host`.
 */
export function orgTheme(
  settings: PublicOrgSettings | undefined,
  themeId: string | undefined,
): TemplateResult | typeof nothing {
  const declarations = themeId ? themeDeclarations(settings?.themes?.[themeId]) : '';
  return declarations
    ? html`<style>
        :host { ${declarations} }
      </style>`
    : nothing;
}
