import { css } from 'lit';

/**
 * The calls widget's card: what a visitor sees before acting. Apart from the dialog's styles
 * (`calls-widget.styles.ts`) because the CDN launcher renders the card alone, with these rules only.
 */
export const cardStyles = css`
  :host {
    display: block;
  }

  .agents {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 2.25rem;
  }

  .agents[hidden] {
    display: flex;
    visibility: hidden;
  }

  .avatars {
    display: flex;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .avatars li + li {
    margin-inline-start: -0.5rem;
  }

  .avatars img {
    display: block;
    width: 2.25rem;
    height: 2.25rem;
    border: 2px solid var(--_surface);
    border-radius: 50%;
    background: var(--_surface-alt);
    object-fit: cover;
  }

  [part~='agents-online'] {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  /* Buttons */
  button {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.45rem 1rem;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) / 1.5);
    cursor: pointer;
    font-weight: 600;
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }

  .card > button {
    justify-self: start;
  }
`;
