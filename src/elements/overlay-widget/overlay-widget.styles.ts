import { css } from 'lit';

export const styles = css`
  /* Idle, the overlay takes no room at all: it must never move the host page. */
  :host {
    display: contents;
  }

  [part~='base'][hidden] {
    display: none;
  }
`;
