import { html, nothing } from 'lit';
import { Directive, directive, PartType, type ChildPart, type PartInfo } from 'lit/directive.js';
import type { PublicOrgSettings } from '../protocol/org-settings.js';
import { themeOf, themeSheet } from './theme-sheet.js';

/** The org's theme in an element's shadow root, through `themeSheet` (theme-sheet.ts). */
class OrgThemeDirective extends Directive {
  #apply: ((declarations: string) => void) | null = null;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.CHILD) throw new Error('orgTheme() belongs in a child position.');
  }

  render(declarations: string): unknown {
    return declarations
      ? html`<style>
          :host { ${declarations} }
        </style>`
      : nothing;
  }

  override update(part: ChildPart, [declarations]: [string]): unknown {
    // The element's shadow root (the part itself may still sit in a fragment on the first render).
    const host = part.options?.host;
    const root = host instanceof Element ? host.shadowRoot : null;
    if (!(root instanceof ShadowRoot)) return this.render(declarations);
    (this.#apply ??= themeSheet(root))(declarations);
    return nothing;
  }
}

const orgThemeSheet = directive(OrgThemeDirective);

/** One of the org's themes, by id, for an element's `render()` (top level of its shadow root). */
export function orgTheme(settings: PublicOrgSettings | undefined, themeId: string | undefined): unknown {
  return orgThemeSheet(themeOf(settings, themeId));
}
