/**
 * Messages: either party sends (the visitor while waiting or active, an agent in a conversation
 * it accepted or was assigned), each message once under its client-made id, and either side reads
 * the history after a seq. A `>cs` command (chat-commands.ts) is executed instead of shown: its
 * result is stored as a `command` message for agents, together with what it changed, and a
 * command that cannot be read is refused with `bad-command`, storing and changing nothing.
 */
import { ErrorCode, type AgentStatus } from '../../../src/protocol/frames.js';
import { HubError } from '../../errors.js';
import { isoNow } from '../../iso-now.js';
import type { ConversationRecord, MessageDraft, MessageRecord } from '../../store/chat-store.js';
import type { AgentRecord, Store } from '../../store/store.js';
import { applyCommand, isCommandText, parseCommand } from '../chat-commands.js';
import type { ChatAccess, ChatParty } from './access.js';
import { MESSAGE_PAGE } from './conversations.js';
import type { ChatNews } from './news.js';
import type { Turns } from './turns.js';

export class MessageService {
  readonly #store: Store;
  readonly #statusOf: (agent: AgentRecord) => AgentStatus;
  readonly #access: ChatAccess;
  readonly #news: ChatNews;
  readonly #turns: Turns;

  constructor(deps: {
    store: Store;
    access: ChatAccess;
    news: ChatNews;
    turns: Turns;
    /** The agent's status in effect (offline when not connected). */
    statusOf?: (agent: AgentRecord) => AgentStatus;
  }) {
    this.#statusOf = deps.statusOf ?? ((agent) => agent.status);
    this.#store = deps.store;
    this.#access = deps.access;
    this.#news = deps.news;
    this.#turns = deps.turns;
  }

  /** Stores the message (or runs the command) once; a resend answers with the stored message. */
  send(
    orgId: string,
    party: ChatParty,
    conversationId: string,
    messageId: string,
    text: string,
  ): Promise<MessageRecord> {
    return this.#turns.exclusive(conversationId, async () => {
      const { conversation: c, agent } = await this.#access.forParty(orgId, party, conversationId);
      const refusal = this.#refusal(c, party);
      const command = isCommandText(text);
      if (refusal !== null || command) {
        // A resend of what was stored before the conversation moved on (or of a command) must
        // still be acknowledged, and a command must not run twice.
        const stored = await this.#store.chat.getMessage(c.id, messageId);
        if (stored) return stored;
        if (refusal !== null) throw refusal;
      }
      if (command) return this.#command(c, party, messageId, text);

      const draft: MessageDraft = {
        messageId,
        conversationId: c.id,
        from: party.kind,
        agentId: agent?.id ?? null,
        agentName: agent?.name ?? null,
        text,
        kind: 'text',
        sentAt: isoNow(),
      };
      const { message, created } = await this.#store.chat.appendMessage(draft);
      // No copy with the new lastSeq: who hears a message depends on the parties and status only.
      if (created) await this.#news.message(c, message, party.via);
      return message;
    });
  }

  /** Messages after `afterSeq`, in order, a page at a time; the visitor's without commands. */
  async history(
    orgId: string,
    party: ChatParty,
    conversationId: string,
    afterSeq: number,
  ): Promise<MessageRecord[]> {
    const { conversation } = await this.#access.forParty(orgId, party, conversationId);
    return this.#store.chat.listMessages(conversation.id, afterSeq, MESSAGE_PAGE, party.kind === 'agent');
  }

  /** Why the party may not send now, or null. */
  #refusal(c: ConversationRecord, party: ChatParty): HubError | null {
    if (c.status === 'ended') return new HubError(ErrorCode.conflict, 'The conversation has ended.');
    if (party.kind === 'visitor') {
      return c.status === 'offline'
        ? new HubError(ErrorCode.conflict, 'The conversation waits for an agent to answer the message form.')
        : null;
    }
    return c.status === 'active' && c.agentId === party.id
      ? null
      : new HubError(ErrorCode.conflict, 'Accept the conversation first.');
  }

  /** Runs a `>cs` command: its result message and its change are stored in one transaction. */
  async #command(
    c: ConversationRecord,
    party: ChatParty,
    messageId: string,
    text: string,
  ): Promise<MessageRecord> {
    const parsed = parseCommand(text);
    if (!parsed.ok) throw new HubError(ErrorCode.badCommand, parsed.error);
    const { command } = parsed;
    const sentAt = new Date().toISOString();
    // `/assign` to an agent of the org makes that agent the conversation's agent.
    const assignee: AgentRecord | null =
      command.kind === 'assign' ? await this.#store.getAgent(c.orgId, command.id) : null;
    const applied = applyCommand(c.details, command, sentAt, assignee?.name ?? null);
    if ('error' in applied) throw new HubError(ErrorCode.badCommand, applied.error);

    let next: ConversationRecord = { ...c, details: applied.details };
    // Routing is an agent's act: a visitor's `/assign` moves the conversation only to an agent of the
    // org who is online (and so hears it at once); to anyone else it is a note for the agents.
    const routes = assignee !== null && (party.kind === 'agent' || this.#statusOf(assignee) === 'online');
    if (routes) next = { ...next, status: 'active', agentId: assignee.id };
    const draft: MessageDraft = {
      messageId,
      conversationId: c.id,
      from: 'system',
      agentId: null,
      agentName: null,
      text: applied.result,
      kind: 'command',
      sentAt,
    };
    const { message, created } = await this.#store.chat.appendMessage(draft, next);
    if (!created) return message;
    const after: ConversationRecord = { ...next, lastSeq: message.seq };
    const previous = c.agentId !== null && c.agentId !== after.agentId ? [c.agentId] : [];
    this.#news.changed(await this.#access.view(after), previous);
    await this.#news.message(after, message, party.via, previous);
    return message;
  }
}
