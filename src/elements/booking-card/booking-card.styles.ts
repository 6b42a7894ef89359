import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }

  .card {
    --tandem-card-min-height: 6rem;
  }
`;
