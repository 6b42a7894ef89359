import { css } from 'lit';

export const styles = css`
  /* The overlay takes no room in the page: it floats, fixed, and never moves the host's layout. */
  :host {
    display: contents;
  }

  [part~='base'] {
    position: fixed;
    display: flex;
    align-items: flex-end;
    gap: 0.25rem;
    font-family: var(--_font);
  }

  [part~='base'][hidden] {
    display: none;
  }

  @media (prefers-reduced-motion: no-preference) {
    [part~='base'] {
      animation: enter 0.35s ease-out;
    }
  }

  @keyframes enter {
    from {
      opacity: 0;
      transform: translateY(12px);
    }
  }

  .invite {
    display: grid;
    gap: 0.4rem;
    padding: 0;
    border: none;
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }

  .invite:focus-visible,
  .dismiss:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 3px;
  }

  /* At least 24 by 24 CSS pixels whatever the variant or the page's font (WCAG 2.5.8). */
  .dismiss {
    flex: none;
    align-self: flex-start;
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    min-width: 24px;
    min-height: 24px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_text);
    box-shadow: var(--_shadow);
    font: inherit;
    cursor: pointer;
  }

  .live {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    font-size: 0.8rem;
    font-weight: 600;
  }

  .live .dot {
    background: var(--_online);
  }

  /* Video: a still preview card of an online agent. */
  .video .invite {
    width: 11rem;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 8px 32px rgb(0 0 0 / 22%);
  }

  .video .preview {
    display: block;
    width: 100%;
    aspect-ratio: 3 / 4;
    object-fit: cover;
    background: var(--_surface-alt);
  }

  .video .caption {
    display: grid;
    gap: 0.2rem;
    padding: 0.5rem 0.75rem 0.75rem;
  }

  .video .caption strong {
    font-size: 0.95rem;
  }

  /* Avatar: the agent's round photo. */
  .avatar .invite {
    position: relative;
  }

  .avatar .photo {
    display: block;
    width: 4.25rem;
    height: 4.25rem;
    border: 3px solid var(--_surface);
    border-radius: 50%;
    box-shadow: 0 6px 24px rgb(0 0 0 / 25%);
    background: var(--_surface-alt);
  }

  .avatar .badge {
    position: absolute;
    right: 0.2rem;
    bottom: 0.2rem;
    width: 1rem;
    height: 1rem;
    border: 2px solid var(--_surface);
    border-radius: 50%;
    background: var(--_online);
  }

  .avatar .label {
    position: absolute;
    right: calc(100% + 0.5rem);
    bottom: 1rem;
    padding: 0.35rem 0.7rem;
    border-radius: 999px;
    background: var(--_surface);
    box-shadow: var(--_shadow);
    white-space: nowrap;
    font-size: 0.85rem;
    font-weight: 600;
  }

  [data-position='bottom-left'] .avatar .label,
  [data-position='docked_left'] .avatar .label {
    right: auto;
    left: calc(100% + 0.5rem);
  }

  /* Side dock: a tab on the page's edge. */
  .dock .invite {
    writing-mode: vertical-rl;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.9rem 0.55rem;
    border-radius: var(--_radius) 0 0 var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: var(--_shadow);
    font-weight: 600;
  }

  [data-position='docked_left'] .dock .invite,
  [data-position='bottom-left'] .dock .invite {
    border-radius: 0 var(--_radius) var(--_radius) 0;
  }

  .dock .invite img {
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    writing-mode: horizontal-tb;
  }
`;
