import { css } from 'lit';

/** The shop in the call view, and the co-browsing frame. */
export const shopStyles = css`
  /* The shop in the call: what the agent shows and adds */
  .shop {
    display: grid;
    gap: 0.75rem;
    padding-top: 0.75rem;
    border-top: 1px solid var(--_border);
  }

  @media (max-width: 40rem) {
    /* On a phone the video stays in view: it gives the shop room, and the shop scrolls on its own. */
    .in-call:has(.shop) .stage {
      aspect-ratio: auto;
      height: 40vh;
      max-height: none;
    }

    .shop {
      max-height: 30vh;
      overflow-y: auto;
    }
  }

  .product {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.75rem;
    align-items: start;
  }

  .product img {
    width: 6rem;
    height: 6rem;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_surface-alt);
  }

  .product-text {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
  }

  .price-now {
    color: var(--_closed);
    font-weight: 600;
  }

  .price-before {
    margin-inline-start: 0.35rem;
    color: var(--_muted);
  }

  .sizes {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    align-items: center;
  }

  .variation {
    margin-inline-end: 0.25rem;
    font-weight: 600;
  }

  .size {
    padding: 0.1rem 0.45rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    font-size: 0.85rem;
  }

  .size.out {
    color: var(--_muted);
    text-decoration: line-through;
  }

  .outcome:empty {
    display: none;
  }

  .outcome[data-ok='false'] {
    color: var(--_closed);
  }

  .cart {
    display: grid;
    gap: 0.5rem;
  }

  .cart ul {
    display: grid;
    gap: 0.35rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .cart li {
    display: grid;
    grid-template-columns: 1fr auto auto;
    gap: 0.5rem;
  }

  .line-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .cart button {
    justify-self: start;
  }

  /* Co-browsing: the shop's own page fills the window under the floating player. */
  .co-browsing {
    position: fixed;
    inset: 0;
    z-index: 999;
    width: 100%;
    height: 100%;
    border: 0;
    background: var(--_surface);
  }
`;
