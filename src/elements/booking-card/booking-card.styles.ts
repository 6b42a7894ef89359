import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  .card {
    --tandem-card-min-height: 6rem;
  }

  button {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.4rem 0.9rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }

  button.primary {
    border-color: transparent;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }

  button[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }

  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }

  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .services,
  .times {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .service {
    display: grid;
    text-align: start;
  }

  .service small {
    color: var(--_muted);
  }

  .days {
    display: grid;
    gap: 0.75rem;
  }

  .day {
    display: grid;
    gap: 0.6rem;
  }

  .day[hidden] {
    display: none;
  }

  .day h3 {
    margin: 0;
    font-size: 0.95rem;
  }

  /* A day's times: compact chips, several to a row. */
  .day-part .times {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr));
    gap: 0.4rem;
  }

  .slot {
    display: grid;
    justify-items: start;
    width: 100%;
    padding: 0.35rem 0.6rem;
    text-align: start;
  }

  .slot .time {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .slot .who {
    font-size: 0.75rem;
    font-weight: 400;
    color: var(--_muted);
  }

  .day-part h4 {
    margin: 0 0 0.3rem;
    font-size: 0.8rem;
    font-weight: 600;
    color: var(--_muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }

  /* The days: a row that scrolls sideways, one button per day with free times. */
  .day-picker {
    display: flex;
    gap: 0.4rem;
    overflow-x: auto;
    padding: 0.2rem 0.1rem 0.4rem;
    scroll-snap-type: x proximity;
  }

  .day-picker [part~='day'] {
    display: grid;
    flex: none;
    justify-items: center;
    min-width: 3.6rem;
    padding: 0.35rem 0.5rem;
    scroll-snap-align: start;
  }

  .day-picker [aria-checked='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }

  .day-picker .weekday {
    font-size: 0.75rem;
    text-transform: uppercase;
  }

  .day-picker .date {
    font-weight: 600;
  }

  .zone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    color: var(--_muted);
    font-size: 0.85rem;
  }

  .zone select {
    max-width: 100%;
    font: inherit;
    padding: 0.25rem;
  }

  form {
    display: grid;
    gap: 0.6rem;
  }

  label {
    display: grid;
    gap: 0.2rem;
    font-size: 0.875rem;
    font-weight: 600;
  }

  input {
    min-height: 2.5rem;
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    font: inherit;
  }

  .notice {
    margin: 0;
    color: var(--_closed);
    font-size: 0.9rem;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }

  .agent {
    display: flex;
    align-items: center;
    gap: 0.6rem;
  }

  .agent img {
    border-radius: 50%;
  }

  iframe {
    width: 100%;
    min-height: 32rem;
    border: none;
  }
`;
