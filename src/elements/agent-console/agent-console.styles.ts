import { css } from 'lit';

export const styles = css`
  /* The host reserves its room before and after it upgrades (no layout shift); the page gives it the
     window's height for the full workspace. */
  :host {
    display: block;
    min-height: var(--tandem-console-min-height, 36rem);
  }

  [part~='base'] {
    display: grid;
    gap: 0.75rem;
    height: 100%;
    min-height: inherit;
    background: var(--_surface-alt);
    container-type: inline-size;
  }

  [part~='base'].signed-out {
    place-content: center;
    grid-template-columns: min(26rem, 100%);
    padding: 1rem;
  }

  .sign-in {
    display: grid;
    gap: 1rem;
    padding: 1.5rem;
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
    width: 2.5rem;
    height: 2.5rem;
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

  .queue {
    margin: 0;
    padding: 0.4rem 0.75rem;
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface-alt);
    color: var(--_muted);
    font-size: 0.925rem;
  }

  h3 {
    margin: 0;
    font-size: 1rem;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }

  .muted {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }

  .tickets,
  .call {
    display: grid;
    gap: 0.75rem;
  }

  .ticket-list {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .ticket {
    display: grid;
    gap: 0.4rem;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
  }

  .ticket button {
    justify-self: start;
  }

  .details {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.2rem 0.75rem;
    margin: 0;
    font-size: 0.875rem;
  }

  .details dt {
    color: var(--_muted);
  }

  .details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .chip {
    display: inline-block;
    margin: 0 0.25rem 0.25rem 0;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    background: var(--_surface-alt);
    font-size: 0.8rem;
  }

  .stage {
    position: relative;
    aspect-ratio: 16 / 10;
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
    color: #fff;
  }

  .preview {
    position: absolute;
    right: 0.75rem;
    bottom: 0.75rem;
    width: 8rem;
    aspect-ratio: 4 / 3;
    object-fit: cover;
    border: 2px solid rgb(255 255 255 / 80%);
    border-radius: calc(var(--_radius) / 1.5);
    transform: scaleX(-1);
  }

  .quality {
    position: absolute;
    top: 0.75rem;
    right: 0.75rem;
    padding: 0.2rem 0.6rem;
    border-radius: 999px;
    background: rgb(0 0 0 / 55%);
    color: #fff;
    font-size: 0.8rem;
  }

  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  .controls [aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }

  .hang-up {
    background: var(--_closed);
    color: #fff;
  }

  .transfer {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }

  .chats {
    display: grid;
    gap: 0.75rem;
  }

  .chat-lists {
    display: grid;
    gap: 0.75rem;
  }

  .chat-lists h3,
  .bookings h4 {
    margin: 0 0 0.3rem;
    font-size: 0.85rem;
    color: var(--_muted);
  }

  .chat-lists ul {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .conversation {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    width: 100%;
    min-height: 2.25rem;
    text-align: start;
    background: var(--_surface-alt);
    color: var(--_text);
    font-weight: 500;
  }

  .conversation.selected {
    outline: 2px solid var(--_accent);
  }

  .conversation-view {
    display: grid;
    gap: 0.6rem;
    align-content: start;
  }

  .transcript .earlier {
    justify-self: center;
  }
  .transcript {
    display: grid;
    align-content: start;
    gap: 0.3rem;
    min-height: 12rem;
    max-height: max(20rem, calc(100vh - 22rem));
    background: var(--_surface);
    margin: 0;
    padding: 0.5rem;
    overflow-y: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
    list-style: none;
  }

  .line {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 0.5rem;
    font-size: 0.875rem;
  }

  .line .who {
    font-weight: 600;
  }

  .line.command,
  .line.notice {
    color: var(--_muted);
    font-style: italic;
  }

  .line .time {
    color: var(--_muted);
    font-size: 0.75rem;
  }

  .reply {
    display: grid;
    gap: 0.4rem;
  }

  /* The reply box grows with what the agent writes, up to a limit. */
  .reply textarea {
    field-sizing: content;
    min-height: 2.5rem;
    max-height: 12rem;
    resize: vertical;
    font: inherit;
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }

  .assign {
    display: flex;
    align-items: end;
    gap: 0.5rem;
  }

  /* Video commerce: the call's products, search, the visitor's cart and page */
  .commerce {
    display: grid;
    gap: 0.6rem;
    padding-top: 0.75rem;
    border-top: 1px solid var(--_border);
  }

  .commerce h4 {
    margin: 0;
    font-size: 0.95rem;
  }

  .search,
  .navigate {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  .search label,
  .navigate label {
    flex: 1 1 12rem;
  }

  .search input,
  .navigate input {
    width: 100%;
    box-sizing: border-box;
  }

  .products,
  .cart-lines {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .product-entry {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 0.6rem;
    align-items: start;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
  }

  .product-entry[data-loaded='false'] {
    grid-template-columns: 1fr;
  }

  .product-entry img {
    width: 3.5rem;
    height: 3.5rem;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 2);
  }

  .product-text {
    display: grid;
    gap: 0.2rem;
    min-width: 0;
  }

  .skus {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 0.6rem;
    align-items: center;
  }

  .sku {
    display: inline-flex;
    gap: 0.3rem;
    align-items: center;
  }

  .sku[data-state='refused'] .muted,
  .sku[data-state='no-answer'] .muted,
  .sku[data-state='timeout'] .muted,
  .problem {
    color: var(--_closed);
  }

  .price-now {
    color: var(--_closed);
    font-weight: 600;
  }

  .price-before {
    margin-inline-start: 0.35rem;
    color: var(--_muted);
  }

  .cart-lines li {
    display: grid;
    grid-template-columns: 1fr 4.5rem auto;
    gap: 0.5rem;
    align-items: center;
  }

  .cart-lines input {
    width: 100%;
    box-sizing: border-box;
  }

  .visitor-page p {
    display: grid;
    margin: 0.25rem 0;
    overflow-wrap: anywhere;
  }
`;
