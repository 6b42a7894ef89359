/**
 * A demo agent for the stories that need someone on the other side (agents online, a call, a chat
 * with replies): its own connection to the hub (not the page's shared session, which the story's
 * visitor element uses), signed in with the demo password. Every agent a story signs in is signed
 * out when the next story renders (`signOutDemoAgents`, from the preview's `beforeEach`).
 */
import { HubClient } from '../../src/session/hub-client.js';
import { normalizeHubUrl } from '../../src/session/default-hub-url.js';
import type { CallInfo } from '../../src/protocol/frames.js';
import { HUB_URL } from './render.js';

export interface DemoAgent {
  /** Takes the first waiting call (retrying while none is there yet). */
  acceptCall(): Promise<CallInfo>;
  hangUp(callId: string): Promise<void>;
  /** Takes the oldest waiting chat and answers it (the chat ends when the agent signs out). */
  answerChat(text: string): Promise<void>;
  /** Cancels one of this agent's bookings. */
  cancelBooking(bookingId: string): Promise<void>;
  signOut(): Promise<void>;
}

const signedIn = new Set<DemoAgent>();

/** Retries `attempt` until it resolves (the visitor's ticket or chat may not have reached the hub yet). */
async function retry<T>(attempt: () => Promise<T>, tries = 40): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A connection of its own to the demo org; `credentials` are presented again on every reconnect. */
export function demoConnection(credentials: { agentToken?: string } = {}, hubUrl = HUB_URL): HubClient {
  const client = new HubClient({
    hubUrl: normalizeHubUrl(hubUrl),
    orgId: 'demo',
    helloParams: () => credentials,
    onReady: () => {},
    onEvent: () => {},
    onStateChange: () => {},
  });
  client.connect();
  return client;
}

export async function signInDemoAgent(agentId = 'bjorn', hubUrl = HUB_URL): Promise<DemoAgent> {
  const credentials: { agentToken?: string } = {};
  const client = demoConnection(credentials, hubUrl);
  const chats = new Set<string>();
  credentials.agentToken = (await client.request('agent.signIn', { agentId, password: 'demo' })).token;
  await client.request('agent.setStatus', { status: 'online' });
  const agent: DemoAgent = {
    acceptCall: () => retry(async () => (await client.request('call.accept', {})).call),
    hangUp: async (callId) => {
      await client.request('call.hangup', { callId });
    },
    answerChat: async (text) => {
      const { conversation } = await retry(() => client.request('chat.accept', {}));
      chats.add(conversation.conversationId);
      await client.request('chat.send', {
        conversationId: conversation.conversationId,
        messageId: `story-${Date.now()}`,
        text,
      });
    },
    cancelBooking: async (bookingId) => {
      await client.request('booking.cancel', { bookingId });
    },
    signOut: async () => {
      signedIn.delete(agent);
      // The visitor's page keeps its session between stories: a chat left open would count as running.
      for (const conversationId of chats) {
        await client.request('chat.end', { conversationId }, { timeoutMs: 2_000 }).catch(() => {});
      }
      await client.request('agent.signOut', {}, { timeoutMs: 2_000 }).catch(() => {});
      client.close();
    },
  };
  signedIn.add(agent);
  return agent;
}

export async function signOutDemoAgents(): Promise<void> {
  await Promise.all([...signedIn].map((agent) => agent.signOut()));
}
