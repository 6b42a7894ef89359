import { msg, str } from '@lit/localize';
import type { ChatStatusWord } from '../../events/chat-status-events.js';
import { element, setText, type DomView } from '../dom-view.js';

/**
 * The chat widget's floating launcher button, without Lit (dom-view.ts): the CDN launcher draws it
 * before the chat loads, the chat widget hosts it through `viewPart`.
 */

export interface LauncherButtonView {
  status: ChatStatusWord;
  /** The chat's window is open (or minimised). */
  expanded: boolean;
  /** Agents' messages the visitor has not read; 0 hides the badge. */
  unread: number;
  onClick(): void;
}

export function createLauncherButton(): DomView<LauncherButtonView> {
  let onClick = (): void => undefined;
  const dot = element('span', { class: 'dot', 'aria-hidden': 'true' });
  const label = document.createTextNode('');
  const unread = element('span', { class: 'unread' });
  const node = element('button', { part: 'launcher', class: 'launcher' }, dot, label);
  node.addEventListener('click', () => onClick());
  return {
    node,
    update(v) {
      onClick = v.onClick;
      node.setAttribute('aria-expanded', String(v.expanded));
      dot.dataset['status'] = v.status;
      setText(label, msg('Chat with us', { id: 'chat.title' }));
      if (v.unread) {
        setText(unread, String(v.unread));
        unread.setAttribute('aria-label', msg(str`${v.unread} unread`, { id: 'chat.unread' }));
        node.append(unread);
      } else unread.remove();
    },
  };
}
