/**
 * What an org's operator sets on the hub instead of in the vendor's dashboard (`npm run hub -- org set`,
 * `theme set`, `preset set`), and the widgets read at connection: 001's `bookingsEnabled` default and
 * `themeId` themes, 002's widget presets, 004's two chat languages. `retentionDays` stays on the hub.
 */

/** A theme's tokens: the `--tandem-*` custom properties it sets. */
export interface ThemeTokens {
  'color-accent'?: string;
  'color-on-accent'?: string;
  'color-surface'?: string;
  'color-surface-alt'?: string;
  'color-text'?: string;
  'color-muted'?: string;
  'color-border'?: string;
  radius?: string;
  'font-family'?: string;
}

/** The names a theme may set, as in `ThemeTokens`. */
export const THEME_TOKENS = [
  'color-accent',
  'color-on-accent',
  'color-surface',
  'color-surface-alt',
  'color-text',
  'color-muted',
  'color-border',
  'radius',
  'font-family',
] as const satisfies readonly (keyof ThemeTokens)[];

/** 002's widget preset: how a chat widget started with it looks and speaks. */
export interface WidgetPreset {
  themeId?: string;
  /** The chat's two languages, `l1` first (004). */
  languages?: string[];
}

/** The settings the widgets read (sent in the `hello` reply). */
export interface PublicOrgSettings {
  /** 001's `bookingsEnabled` default: a calls widget without the attribute follows it. */
  bookingsEnabled?: boolean;
  /** 001's themes by `themeId`. */
  themes?: Record<string, ThemeTokens>;
  /** 002's presets by name. */
  presets?: Record<string, WidgetPreset>;
  /** 004's `l1` and `l2`: a chat widget without `languages` follows them. */
  chatLanguages?: string[];
}

export interface OrgSettings extends PublicOrgSettings {
  /** Days a transcript, a finished ticket and an idle visitor are kept; unset keeps them. */
  retentionDays?: number;
  /** The org's own points for some of the hub's rate limits, by limit name (`org set --limit`). */
  limits?: Record<string, number>;
  /** WebSocket clients without an `Origin` header (server-to-server) may connect. */
  allowServerClients?: boolean;
}

/** The part of the settings the widgets get. */
export function publicSettings({
  retentionDays: _retention,
  limits: _limits,
  allowServerClients: _servers,
  ...settings
}: OrgSettings): PublicOrgSettings {
  return settings;
}

/** The CSS declarations of a theme's tokens, `--tandem-<token>: value;` each (values checked). */
export function themeDeclarations(tokens: ThemeTokens | undefined): string {
  if (!tokens) return '';
  return THEME_TOKENS.flatMap((name) => {
    const value = tokens[name];
    // A value is a colour, a length or a font list: nothing that could close the rule.
    return typeof value === 'string' && /^[\w\s#%.,'"()-]{1,120}$/.test(value)
      ? [`--tandem-${name}: ${value};`]
      : [];
  }).join(' ');
}
