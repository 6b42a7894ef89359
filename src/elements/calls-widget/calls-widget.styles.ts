import { css } from 'lit';

export const styles = css`
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
`;
