import { html, nothing } from 'lit';
import { Directive, directive, PartType, type ChildPart, type PartInfo } from 'lit/directive.js';
import { themeDeclarations, type PublicOrgSettings } from '../protocol/org-settings.js';

/**
 * Puts one of the org's themes (set on the hub) into the element's shadow root as a `:host` rule of
 * `--tandem-*` custom properties, through a constructed style sheet: a `<style>` element would need
 * `style-src 'unsafe-inline'` on a page with a strict CSP. The sheet goes before the element's own
 * styles, as the `<style>` did, and the page's own settings on the element still win: they are outer
 * styles, which beat `:host`. Where a browser cannot adopt sheets, a `<style>` element it is.
 */
class OrgThemeDirective extends Directive {
  #sheet: CSSStyleSheet | null = null;

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
    if (
      !(root instanceof ShadowRoot) ||
      !('adoptedStyleSheets' in root) ||
      typeof CSSStyleSheet !== 'function'
    ) {
      return this.render(declarations);
    }
    if (!declarations) {
      if (this.#sheet) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== this.#sheet);
      this.#sheet = null;
      return nothing;
    }
    if (!this.#sheet) {
      this.#sheet = new CSSStyleSheet();
      root.adoptedStyleSheets = [this.#sheet, ...root.adoptedStyleSheets];
    }
    this.#sheet.replaceSync(`:host { ${declarations} }`);
    return nothing;
  }
}

const orgThemeSheet = directive(OrgThemeDirective);

/** One of the org's themes, by id, for an element's `render()` (top level of its shadow root). */
export function orgTheme(settings: PublicOrgSettings | undefined, themeId: string | undefined): unknown {
  return orgThemeSheet(themeId ? themeDeclarations(settings?.themes?.[themeId]) : '');
}
