import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the agent's keys do. */
export interface ConsoleShortcutActions {
  /** Whether the shortcuts are live (an agent is signed in). */
  enabled(): boolean;
  acceptNext(): void;
  end(): void;
  nextConversation(): void;
  previousConversation(): void;
  toggleMute(): void;
  /** Puts the focus in the reply box. */
  focusReply(): void;
}

/** The keys, in the order the help overlay lists them. */
export const SHORTCUT_KEYS = ['a', 'e', 'j', 'k', 'r', 'm', '?'] as const;
export type ShortcutKey = (typeof SHORTCUT_KEYS)[number];

/** The focused element, through shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

function typingIn(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The console's keyboard shortcuts, Gmail-style single keys that act only while the focus is not in a
 * field: `a` accepts the next visitor (a call first, else a chat), `e` ends the call (or the chat on
 * screen), `j`/`k` step through the open conversations, `r` goes to the reply box, `m` mutes the ring,
 * `?` shows the help overlay, Escape closes it (and leaves a field).
 */
export class ConsoleShortcutsController implements ReactiveController {
  /** The help overlay is open. */
  helpOpen = false;

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly actions: ConsoleShortcutActions;
  private returnFocus: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement, actions: ConsoleShortcutActions) {
    (this.host = host).addController(this);
    this.actions = actions;
  }

  hostConnected(): void {
    document.addEventListener('keydown', this.onKeydown);
  }

  hostDisconnected(): void {
    document.removeEventListener('keydown', this.onKeydown);
    this.helpOpen = false;
  }

  /** Opens or closes the help; focus goes into it, and back where it was when it closes. */
  setHelp(open: boolean): void {
    if (open === this.helpOpen) return;
    this.helpOpen = open;
    if (open) this.returnFocus = deepActiveElement();
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      if (open) this.host.shadowRoot?.querySelector<HTMLElement>('[part~="help"] button')?.focus();
      else this.returnFocus?.focus();
      if (!open) this.returnFocus = null;
    });
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (!this.actions.enabled() || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape') {
      if (this.helpOpen) {
        this.setHelp(false);
        event.preventDefault();
      }
      return;
    }
    if (typingIn(event)) return;
    const key = event.key.toLowerCase();
    const act: Record<ShortcutKey, () => void> = {
      a: () => this.actions.acceptNext(),
      e: () => this.actions.end(),
      j: () => this.actions.nextConversation(),
      k: () => this.actions.previousConversation(),
      r: () => this.actions.focusReply(),
      m: () => this.actions.toggleMute(),
      '?': () => this.setHelp(!this.helpOpen),
    };
    if (!(key in act)) return;
    event.preventDefault();
    act[key as ShortcutKey]();
  };
}
