import { css } from 'lit';

export const styles = css`
  .secondary {
    background: var(--_surface);
    border-color: var(--_border);
    color: var(--_text);
  }

  .link {
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    padding-inline: 0.25rem;
  }

  .hang-up {
    background: var(--_closed);
    color: #fff;
  }

  .icon {
    min-height: 2.25rem;
    width: 2.25rem;
    padding: 0;
    background: transparent;
    color: var(--_text);
    font-size: 1.25rem;
    line-height: 1;
  }

  /* The dialog: in the top layer, so the host page never moves. */
  dialog {
    width: min(26rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 0;
    border: none;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 12px 48px rgb(0 0 0 / 25%);
    font-family: var(--_font);
  }

  dialog::backdrop {
    background: rgb(15 18 28 / 45%);
  }

  .dialog-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.75rem 0.75rem 0.25rem 1.25rem;
  }

  .dialog-header h2 {
    margin: 0;
    font-size: 1.05rem;
  }

  .view {
    display: grid;
    gap: 0.75rem;
    padding: 0.5rem 1.25rem 1.25rem;
  }

  .view h3 {
    margin: 0;
    font-size: 1rem;
  }

  .view p {
    margin: 0;
    line-height: 1.45;
  }

  .muted {
    color: var(--_muted);
    font-size: 0.9rem;
  }

  .big {
    font-size: 1.15rem;
    font-weight: 600;
  }

  .option {
    display: grid;
    gap: 0.5rem;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .option button {
    justify-self: start;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  .spinner {
    width: 2rem;
    height: 2rem;
    border: 3px solid var(--_border);
    border-top-color: var(--_accent);
    border-radius: 50%;
  }

  @media (prefers-reduced-motion: no-preference) {
    .spinner {
      animation: spin 0.9s linear infinite;
    }
  }

  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }

  .queue-status {
    display: grid;
    gap: 0.25rem;
  }

  /* The call */
  .stage {
    position: relative;
    aspect-ratio: 3 / 4;
    max-height: 60vh;
    overflow: hidden;
    border-radius: var(--_radius);
    background: #11131a;
  }

  .remote {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  .camera-off {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: #11131a;
  }

  .camera-off img {
    border-radius: 50%;
  }

  .preview {
    width: 7rem;
    aspect-ratio: 4 / 3;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 1.5);
    background: #11131a;
    transform: scaleX(-1);
  }

  .preview.off {
    visibility: hidden;
  }

  .stage .preview {
    position: absolute;
    right: 0.75rem;
    bottom: 0.75rem;
    border: 2px solid rgb(255 255 255 / 80%);
  }

  .waiting .preview {
    width: 100%;
  }

  .agent-badge,
  .quality {
    position: absolute;
    display: flex;
    align-items: center;
    gap: 0.4rem;
    padding: 0.25rem 0.6rem 0.25rem 0.25rem;
    border-radius: 999px;
    background: rgb(0 0 0 / 55%);
    color: #fff;
    font-size: 0.85rem;
  }

  .agent-badge {
    top: 0.75rem;
    left: 0.75rem;
  }

  .agent-badge img {
    border-radius: 50%;
  }

  .quality {
    top: 0.75rem;
    right: 0.75rem;
    padding-left: 0.6rem;
  }

  .bars {
    display: inline-flex;
    align-items: end;
    gap: 2px;
    height: 0.8rem;
  }

  .bars i {
    width: 3px;
    background: rgb(255 255 255 / 35%);
  }

  .bars i:nth-child(1) {
    height: 40%;
  }

  .bars i:nth-child(2) {
    height: 70%;
  }

  .bars i:nth-child(3) {
    height: 100%;
  }

  [data-quality='good'] .bars i,
  [data-quality='fair'] .bars i:nth-child(-n + 2),
  [data-quality='poor'] .bars i:nth-child(1) {
    background: #fff;
  }

  .controls {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0.5rem;
  }

  .controls .round {
    border-radius: 999px;
    background: var(--_surface-alt);
    color: var(--_text);
  }

  .controls .round[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }

  .controls .hang-up {
    background: var(--_closed);
    color: #fff;
  }

  /* The minimised player: fixed, out of the page's flow. */
  .mini {
    display: grid;
    gap: 0.5rem;
    width: 12rem;
    padding: 0.5rem;
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 8px 32px rgb(0 0 0 / 25%);
    font-family: var(--_font);
  }

  .mini p {
    margin: 0.25rem;
    font-weight: 600;
  }

  .mini-video {
    width: 100%;
    aspect-ratio: 3 / 4;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 1.5);
    background: #11131a;
  }

  .mini-actions {
    display: flex;
    gap: 0.4rem;
  }

  .mini-actions button {
    flex: 1;
    padding-inline: 0.5rem;
  }

  .booking iframe {
    width: 100%;
    min-height: 30rem;
    border: none;
  }

  .booking .link {
    justify-self: start;
  }

  /* theme-id="dark" */
  [data-theme='dark'] {
    --_surface: var(--tandem-color-surface, #1b1f29);
    --_surface-alt: var(--tandem-color-surface-alt, #262b38);
    --_text: var(--tandem-color-text, #f1f2f6);
    --_muted: var(--tandem-color-muted, #b8bdca);
    --_border: var(--tandem-color-border, #3a4050);
    --_accent: var(--tandem-color-accent, #8d8aff);
    --_on-accent: var(--tandem-color-on-accent, #11131a);
    color: var(--_text);
  }
`;
