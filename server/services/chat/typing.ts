/**
 * Typing indicators: relayed to the other side of the conversation only, never stored. While a
 * conversation waits, the visitor's typing goes to the agents who may accept it.
 */
import { ErrorCode } from '../../../src/protocol/frames.js';
import { HubError } from '../../errors.js';
import type { ChatAccess, ChatParty } from './access.js';
import type { ChatNews } from './news.js';

export class TypingRelay {
  readonly #access: ChatAccess;
  readonly #news: ChatNews;

  constructor(access: ChatAccess, news: ChatNews) {
    this.#access = access;
    this.#news = news;
  }

  async typing(orgId: string, party: ChatParty, conversationId: string, typing: boolean): Promise<void> {
    const { conversation: c } = await this.#access.forParty(orgId, party, conversationId);
    const open =
      party.kind === 'visitor' ? c.status === 'waiting' || c.status === 'active' : c.status === 'active';
    if (!open || (party.kind === 'agent' && c.agentId !== party.id))
      throw new HubError(ErrorCode.conflict, 'Nobody to tell: the conversation is not going on with you.');
    await this.#news.typing(c, party.kind, typing);
  }
}
