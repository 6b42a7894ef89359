import { css } from 'lit';

/** The agents' workspace: the top bar, the three panes and how they fold on narrower screens, the help overlay, tabs. */
export const workspaceStyles = css`
  /* Signed in: a top bar over three panes that scroll on their own. */
  [part~='base'].workspace {
    grid-template-rows: auto auto 1fr;
    gap: 0;
  }

  .workspace > .message:empty {
    display: none;
  }

  .workspace > .message {
    padding: 0.5rem 1rem;
    background: var(--_surface);
  }

  .topbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    padding: 0.5rem 1rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }

  .topbar .queue {
    flex: 1;
    min-width: 12rem;
  }

  .topbar .tools {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }

  .status-control {
    display: flex;
    align-items: center;
    gap: 0.4rem;
  }

  .panes {
    display: grid;
    grid-template-columns: minmax(15rem, 19rem) minmax(0, 1fr) minmax(16rem, 22rem);
    min-height: 0;
  }

  .list-pane,
  .work-pane,
  .context-wrap {
    display: grid;
    align-content: start;
    gap: 1rem;
    min-height: 0;
    overflow-y: auto;
    padding: 1rem;
    overscroll-behavior: contain;
  }

  .list-pane {
    border-right: 1px solid var(--_border);
    background: var(--_surface);
  }

  .context-wrap {
    border-left: 1px solid var(--_border);
    background: var(--_surface);
  }

  .context-pane {
    display: grid;
    gap: 1rem;
  }

  .context-card {
    display: grid;
    gap: 0.6rem;
  }

  .work-pane .empty {
    display: grid;
    place-content: center;
    min-height: 16rem;
    text-align: center;
    color: var(--_muted);
  }

  /* Tablet: the context pane goes under the work pane. */
  @container (max-width: 1100px) {
    .panes {
      grid-template-columns: minmax(14rem, 17rem) minmax(0, 1fr);
      grid-template-rows: minmax(0, 1fr) auto;
    }

    .context-wrap {
      grid-column: 2;
      max-height: 45vh;
      border-left: none;
      border-top: 1px solid var(--_border);
    }

    .list-pane {
      grid-row: 1 / span 2;
    }
  }

  /* Phone: one column, the list first. */
  @container (max-width: 700px) {
    .panes {
      grid-template-columns: minmax(0, 1fr);
    }

    .list-pane,
    .context-wrap {
      grid-row: auto;
      grid-column: auto;
      max-height: none;
      border: none;
    }

    /* With a call or a conversation on screen, it comes first; the lists follow. */
    .panes.working .work-pane {
      order: -1;
    }
  }

  .help {
    position: fixed;
    inset: 10vh 50% auto auto;
    z-index: 10;
    width: min(30rem, calc(100vw - 2rem));
    translate: 50% 0;
    display: grid;
    gap: 0.75rem;
    padding: 1.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 12px 48px rgb(0 0 0 / 25%);
  }

  .help dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.4rem 1rem;
    margin: 0;
  }

  .help dd {
    margin: 0;
  }

  kbd {
    display: inline-block;
    min-width: 1.6rem;
    padding: 0.1rem 0.4rem;
    border: 1px solid var(--_border);
    border-bottom-width: 2px;
    border-radius: 0.3rem;
    background: var(--_surface-alt);
    font: inherit;
    font-size: 0.85rem;
    text-align: center;
  }

  .small {
    font-size: 0.8rem;
  }

  button.small {
    min-height: 2rem;
    padding: 0.2rem 0.7rem;
  }

  button.link {
    min-height: auto;
    padding: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }

  ul.plain {
    display: grid;
    gap: 0.3rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='waiting-time'] {
    font-variant-numeric: tabular-nums;
    font-size: 0.8rem;
    color: var(--_closed);
    font-weight: 600;
  }

  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }

  .tab {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
  }

  .tab.selected {
    border-color: var(--_accent);
    box-shadow: inset 0 -2px 0 var(--_accent);
  }

  .tab button {
    min-height: 2.25rem;
    background: none;
    color: var(--_text);
    font-weight: 500;
  }

  .tab .tab-close {
    min-width: 2rem;
    padding: 0 0.5rem;
  }

  .conversation .label {
    flex: 1;
  }

  .reply-tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  .reply-tools #reply-hint {
    flex: 1;
  }

  .saved-replies {
    max-width: 14rem;
  }
`;
