import type { ReactiveController, ReactiveControllerHost } from 'lit';
/** What opened the chat, as `chat-trigger`'s `detail.trigger` names it. */
export type ChatTrigger = 'open-after-seconds' | 'goto-chat';

export interface ChatTriggerOptions {
  /** Seconds after connecting at which the chat opens by itself; 0 never. */
  openAfterSeconds(): number;
  /** Whether the window is open already (then the timer does nothing). */
  isOpened(): boolean;
  /** What opened the chat: the element opens (or scrolls to) its window and fires `chat-trigger`. */
  onTrigger(trigger: ChatTrigger): void;
}

/**
 * What opens the chat without the visitor clicking it: the `open-after-seconds` timer and a
 * `goto-chat` from another widget on the page. Both stop when the element leaves the page.
 */
export class ChatTriggerController implements ReactiveController {
  private readonly options: ChatTriggerOptions;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: ChatTriggerOptions) {
    host.addController(this);
    this.options = options;
  }

  hostConnected(): void {
    document.addEventListener('goto-chat', this.onGotoChat);
    const seconds = this.options.openAfterSeconds();
    if (seconds > 0) {
      this.timer = setTimeout(() => {
        if (!this.options.isOpened()) this.options.onTrigger('open-after-seconds');
      }, seconds * 1000);
    }
  }

  hostDisconnected(): void {
    document.removeEventListener('goto-chat', this.onGotoChat);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly onGotoChat = (): void => this.options.onTrigger('goto-chat');
}
