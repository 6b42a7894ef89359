import { html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { TandemElement } from '../tandem-element.js';
import { defineElement } from '../../define.js';
import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { AgentListController } from '../../controllers/agent-list-controller.js';
import { tokens } from '../../styles/tokens.styles.js';
import { styles } from './overlay-widget.styles.js';

/**
 * The pop-up that invites a visitor into a call. This release renders its idle state: it follows
 * the queue and who is online, and stays out of sight.
 *
 * @tagname overlay-widget
 * @summary The pop-up launcher that invites visitors in (idle state: hidden).
 *
 * @fires error - The widget cannot reach its hub or org. `detail`: `{code, message}`. Does not bubble.
 *
 * @csspart base - The overlay; `data-state` is `idle` and it is hidden.
 */
@localized()
export class OverlayWidget extends TandemElement {
  static override styles = [tokens, styles];

  /** The queue whose agents the overlay shows: id, name or slug. */
  @property() queue = '';

  private readonly queueState = new QueueStateController(this, this.hub, () => this.queue || 'default');
  private readonly agentList = new AgentListController(this, this.queueState);

  override render(): TemplateResult {
    return html`<aside
      part="base"
      data-state="idle"
      data-agents-online=${this.agentList.count ?? 0}
      aria-label=${msg('Talk to us', { id: 'overlay.label' })}
      hidden
    ></aside>`;
  }
}

defineElement('overlay-widget', OverlayWidget);

declare global {
  interface HTMLElementTagNameMap {
    'overlay-widget': OverlayWidget;
  }
}
