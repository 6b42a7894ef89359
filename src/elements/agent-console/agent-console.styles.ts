import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  [part~='base'] {
    display: grid;
    gap: 1rem;
    max-width: 32rem;
    padding: 1.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: var(--_shadow);
  }

  h2 {
    margin: 0;
    font-size: 1.15rem;
  }

  form {
    display: grid;
    gap: 0.75rem;
  }

  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875rem;
    font-weight: 600;
  }

  input,
  select,
  button {
    font: inherit;
    min-height: 2.5rem;
    border-radius: calc(var(--_radius) / 2);
  }

  input,
  select {
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
  }

  button {
    padding: 0.4rem 1rem;
    border: 1px solid transparent;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    cursor: pointer;
  }

  button.secondary {
    background: transparent;
    border-color: var(--_border);
    color: var(--_text);
  }

  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }

  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .message {
    margin: 0;
    min-height: 1.4em;
    font-size: 0.875rem;
    color: var(--_closed);
  }

  .profile {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }

  .profile img {
    width: 3rem;
    height: 3rem;
    border-radius: 50%;
    background: var(--_surface-alt);
  }

  .profile .who {
    flex: 1;
    display: grid;
  }

  .profile .name {
    font-weight: 600;
  }

  .status-row {
    display: flex;
    align-items: end;
    gap: 0.75rem;
  }

  .status-row label {
    flex: 1;
  }

  .queue {
    margin: 0;
    padding: 0.75rem;
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface-alt);
    color: var(--_muted);
    font-size: 0.925rem;
  }
`;
