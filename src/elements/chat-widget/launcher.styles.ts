import { css } from 'lit';

/**
 * The chat widget's floating launcher: what a visitor sees before opening the chat. Apart from the
 * window's styles (`chat-widget.styles.ts`) because the CDN launcher renders it alone, with these rules.
 */
export const launcherStyles = css`
  :host {
    display: block;
  }

  [part~='base'][hidden] {
    display: none;
  }

  /* Floating: a launcher in the corner and a window above it, both out of the page's flow. */
  .floating {
    position: fixed;
    right: var(--tandem-chat-offset-x, 20px);
    bottom: var(--tandem-chat-offset-y, 20px);
    z-index: var(--tandem-chat-z-index, 1000);
    display: grid;
    justify-items: end;
    gap: 0.75rem;
  }

  .launcher {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 3rem;
    padding: 0.6rem 1.1rem;
    border: none;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    box-shadow: var(--_shadow);
    cursor: pointer;
  }

  .unread {
    min-width: 1.4rem;
    padding: 0 0.4rem;
    border-radius: 999px;
    background: var(--_surface);
    color: var(--_accent);
    font-size: 0.8rem;
    text-align: center;
  }
`;
