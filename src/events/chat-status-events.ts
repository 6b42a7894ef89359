/**
 * The chat widget's events that its launcher fires too, before the full widget loads (the CDN
 * launcher keeps them apart from the other chat events so that it carries these alone).
 */

export type ChatStatusWord = 'offline' | 'online' | 'busy';

/** mluvii's status codes (002): 0 offline, 1 online, 2 busy. */
export const CHAT_STATUS_CODES = { offline: 0, online: 1, busy: 2 } as const;

export interface StatusChangeDetail {
  code: 0 | 1 | 2;
  status: ChatStatusWord;
}

/** `chat-click`: the visitor clicked the chat launcher. */
export class ChatClickEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('chat-click', { bubbles: true, composed: true, detail: {} });
  }
}

/** `chat-loaded`: the widget is connected and knows its status. */
export class ChatLoadedEvent extends CustomEvent<StatusChangeDetail> {
  constructor(detail: StatusChangeDetail) {
    super('chat-loaded', { bubbles: true, composed: true, detail });
  }
}

/** `status-change`: the chat's status changed (mluvii's status callback). */
export class StatusChangeEvent extends CustomEvent<StatusChangeDetail> {
  constructor(detail: StatusChangeDetail) {
    super('status-change', { bubbles: true, composed: true, detail });
  }
}
