import { themeDeclarations, type PublicOrgSettings } from '../protocol/org-settings.js';

/**
 * Puts one of the org's themes (set on the hub) into an element's shadow root as a `:host` rule of
 * `--tandem-*` custom properties, through a constructed style sheet: a `<style>` element would need
 * `style-src 'unsafe-inline'` on a page with a strict CSP. The sheet goes before the element's own
 * styles, and the page's own settings on the element still win: they are outer styles, which beat
 * `:host`. Where a browser cannot adopt sheets, a `<style>` element it is.
 *
 * Without Lit: the CDN launcher uses it before Lit loads; `orgTheme` (org-theme.ts) hosts it in an
 * element's `render()`.
 */
export function themeSheet(root: ShadowRoot): (declarations: string) => void {
  let sheet: CSSStyleSheet | null = null;
  let style: HTMLStyleElement | null = null;
  return (declarations) => {
    const rule = declarations ? `:host { ${declarations} }` : '';
    if (!('adoptedStyleSheets' in root) || typeof CSSStyleSheet !== 'function') {
      style ??= document.createElement('style');
      style.textContent = rule;
      if (rule) root.prepend(style);
      else style.remove();
    } else if (!rule) {
      if (sheet) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      sheet = null;
    } else {
      if (!sheet) root.adoptedStyleSheets = [(sheet = new CSSStyleSheet()), ...root.adoptedStyleSheets];
      sheet.replaceSync(rule);
    }
  };
}

/** The declarations of one of the org's themes, by id ('' for none). */
export function themeOf(settings: PublicOrgSettings | undefined, themeId: string | undefined): string {
  return themeId ? themeDeclarations(settings?.themes?.[themeId]) : '';
}
