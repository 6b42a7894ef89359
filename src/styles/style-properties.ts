import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/** CSS properties by name: kebab-case (`z-index`, `--tandem-x`) or camelCase (`zIndex`); null/undefined unsets. */
export type StyleProperties = Readonly<Record<string, string | null | undefined>>;

/**
 * Lit's `styleMap`, but always through the CSSOM (`style.setProperty`). `styleMap` writes its first
 * values as a `style` attribute string, which a strict CSP (a `style-src` without 'unsafe-inline')
 * refuses; CSSOM writes are allowed by every CSP. Use on a `style` attribute: `style=${styleProperties({...})}`.
 */
class StylePropertiesDirective extends Directive {
  #set = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ATTRIBUTE || partInfo.name !== 'style') {
      throw new Error('styleProperties() belongs in a style attribute: style=${styleProperties(...)}');
    }
  }

  render(_properties: StyleProperties): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [properties]: [StyleProperties]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#set) {
      if (properties[name] === null || properties[name] === undefined) {
        style.removeProperty(cssName(name));
        this.#set.delete(name);
      }
    }
    for (const [name, value] of Object.entries(properties)) {
      if (value === null || value === undefined) continue;
      this.#set.add(name);
      style.setProperty(cssName(name), value);
    }
    return noChange;
  }
}

function cssName(name: string): string {
  return name.startsWith('--') || name.includes('-')
    ? name
    : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export const styleProperties = directive(StylePropertiesDirective);
