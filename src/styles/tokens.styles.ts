import { css } from 'lit';

/**
 * Design tokens every element shares. Pages theme Tandem with `--tandem-*` custom properties;
 * the private `--_*` names hold the resolved value with its fallback.
 */
export const tokens = css`
  :host {
    --_accent: var(--tandem-color-accent, #3b37c8);
    --_on-accent: var(--tandem-color-on-accent, #ffffff);
    --_surface: var(--tandem-color-surface, #ffffff);
    --_surface-alt: var(--tandem-color-surface-alt, #f4f5f8);
    --_text: var(--tandem-color-text, #1b1f29);
    --_muted: var(--tandem-color-muted, #555c6b);
    --_border: var(--tandem-color-border, #d9dce3);
    --_online: var(--tandem-color-online, #167a45);
    --_closed: var(--tandem-color-closed, #a3261d);
    --_radius: var(--tandem-radius, 12px);
    --_shadow: var(--tandem-shadow, 0 1px 2px rgb(0 0 0 / 6%), 0 4px 16px rgb(0 0 0 / 8%));
    --_font: var(--tandem-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-family: var(--_font);
    color: var(--_text);
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .dot {
    display: inline-block;
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--_muted);
    flex: none;
  }

  [data-state='open'] .dot,
  .dot[data-status='online'] {
    background: var(--_online);
  }

  [data-state='closed'] .dot,
  .dot[data-status='busy'] {
    background: var(--_closed);
  }

  @media (prefers-reduced-motion: no-preference) {
    .pulse {
      animation: pulse 1.6s ease-in-out infinite;
    }
  }

  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }
`;

/** The card every visitor-facing widget sits in. Its height is fixed per state set, so that the
 * host page does not move when the widget goes from connecting to open. */
export const card = css`
  .card {
    display: grid;
    gap: 0.5rem;
    align-content: start;
    min-height: var(--tandem-card-min-height, 8.5rem);
    padding: 1rem 1.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: var(--_shadow);
  }

  .card h2 {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    font-size: 1.05rem;
    font-weight: 600;
    line-height: 1.3;
  }

  .status {
    margin: 0;
    color: var(--_muted);
    font-size: 0.925rem;
    line-height: 1.4;
  }
`;
