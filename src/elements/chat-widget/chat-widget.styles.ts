import { css } from 'lit';

export const styles = css`
  .window {
    display: grid;
    grid-template-rows: auto 1fr auto;
    width: min(22rem, calc(100vw - 2rem));
    height: min(32rem, calc(100vh - 7rem));
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 12px 48px rgb(0 0 0 / 20%);
  }

  .embedded .window {
    width: 100%;
    height: var(--tandem-chat-height, 28rem);
    box-shadow: none;
  }

  .window.minimized {
    grid-template-rows: auto;
    height: auto;
  }

  .window header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.75rem 0.75rem 0.75rem 1rem;
    border-bottom: 1px solid var(--_border);
  }

  .window header .who {
    flex: 1;
    display: grid;
  }

  .window header h2 {
    margin: 0;
    font-size: 1rem;
  }

  .window header .status {
    margin: 0;
    font-size: 0.8rem;
  }

  .icon {
    width: 2.25rem;
    height: 2.25rem;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: var(--_text);
    font: inherit;
    font-size: 1.1rem;
    cursor: pointer;
  }

  .log {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    margin: 0;
    padding: 0.75rem;
    overflow-y: auto;
    list-style: none;
    overscroll-behavior: contain;
  }

  .msg {
    max-width: 85%;
    padding: 0.45rem 0.7rem;
    border-radius: 1rem;
    line-height: 1.4;
    overflow-wrap: anywhere;
  }

  /* Only the text as typed keeps its line breaks and spaces; the template's own whitespace collapses. */
  .msg .text {
    white-space: pre-wrap;
  }

  .msg.visitor {
    align-self: end;
    background: var(--_accent);
    color: var(--_on-accent);
    border-bottom-right-radius: 0.3rem;
  }

  .msg.visitor a {
    color: inherit;
  }

  .msg.agent {
    align-self: start;
    background: var(--_surface-alt);
    border-bottom-left-radius: 0.3rem;
  }

  .msg.system {
    align-self: center;
    background: none;
    color: var(--_muted);
    font-size: 0.8rem;
  }

  .msg .meta {
    display: block;
    margin-top: 0.15rem;
    font-size: 0.7rem;
    opacity: 0.8;
  }

  .msg .author {
    display: block;
    font-size: 0.75rem;
    font-weight: 600;
  }

  .typing {
    align-self: start;
    color: var(--_muted);
    font-size: 0.8rem;
  }

  form.compose {
    display: flex;
    gap: 0.5rem;
    padding: 0.6rem;
    border-top: 1px solid var(--_border);
  }

  textarea,
  input {
    flex: 1;
    min-height: 2.5rem;
    padding: 0.5rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    resize: none;
  }

  button.send,
  .primary {
    min-height: 2.5rem;
    padding: 0.45rem 1rem;
    border: none;
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .offline-form {
    display: grid;
    gap: 0.6rem;
    padding: 0.75rem 1rem;
    overflow-y: auto;
  }

  .offline-form label {
    display: grid;
    gap: 0.2rem;
    font-size: 0.85rem;
    font-weight: 600;
  }

  .offline-form p {
    margin: 0;
  }

  .muted {
    color: var(--_muted);
    font-size: 0.85rem;
  }

  /* A class, not a style attribute: a strict CSP (no 'unsafe-inline' styles) refuses those. */
  .notice {
    margin: 0 0.75rem 0.5rem;
  }

  .card {
    --tandem-card-min-height: 5.5rem;
  }
`;
