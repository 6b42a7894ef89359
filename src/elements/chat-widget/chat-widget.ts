import { html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { defineElement } from '../../define.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { tokens, card } from '../../styles/tokens.styles.js';
import { styles } from './chat-widget.styles.js';

/** `data-state` of the base part. */
export type ChatWidgetView = 'connecting' | 'online' | 'offline' | 'unavailable';

/**
 * Live chat with the shop's agents. This release renders its idle state: whether anyone is online.
 *
 * @tagname chat-widget
 * @summary Live chat with an agent (idle state: who is online).
 *
 * @fires error - The widget cannot reach its hub or org. `detail`: `{code, message}`. Does not bubble.
 *
 * @csspart base - The card; `data-state` is `connecting`, `online`, `offline` or `unavailable`.
 * @csspart status - The live status line.
 *
 * @cssprop --tandem-color-accent - Accent colour.
 * @cssprop --tandem-color-surface - Card background.
 */
@localized()
export class ChatWidget extends TandemElement {
  static override styles = [tokens, card, styles];

  /** The queue whose agents answer the chat: id, name or slug. */
  @property() queue = '';

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || 'default');

  private get view(): ChatWidgetView {
    const state = this.queueState.state;
    if (this.hub.connection.kind === 'unavailable' || this.queueState.error) return 'unavailable';
    if (!state) return 'connecting';
    return state.isOpen && state.numberOfAgentsOnline > 0 ? 'online' : 'offline';
  }

  override render(): TemplateResult {
    const view = this.view;
    const status = {
      connecting: msg('Connecting…', { id: 'status.connecting' }),
      online: msg('We are online and happy to help.', { id: 'chat.online' }),
      offline: msg('We are offline right now.', { id: 'chat.offline' }),
      unavailable: msg('Chat is not available right now.', { id: 'chat.unavailable' }),
    }[view];
    return html`<section part="base" class="card" data-state=${view} aria-labelledby="title">
      <h2 id="title">
        <span class="dot" data-status=${view === 'online' ? 'online' : 'offline'} aria-hidden="true"></span>
        ${msg('Chat with us', { id: 'chat.title' })}
      </h2>
      <p part="status" class="status" role="status">${status}</p>
    </section>`;
  }
}

defineElement('chat-widget', ChatWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}
