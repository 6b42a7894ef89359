/**
 * A demo agent for the stories that need someone on the other side (agents online, a call, a chat
 * with replies): its own connection to the hub (not the page's shared session, which the story's
 * visitor element uses), signed in with the demo password. Every agent a story signs in is signed
 * out when the next story renders (`signOutDemoAgents`, from the preview's `beforeEach`).
 */
import { PeerLink } from '../../src/call/peer-link.js';
import { HubClient } from '../../src/session/hub-client.js';
import type { HubEvent } from '../../src/session/hub-client.js';
import { normalizeHubUrl } from '../../src/session/default-hub-url.js';
import type { CallInfo } from '../../src/protocol/frames.js';
import { demoCamera } from './demo-camera.js';
import type { DemoCamera } from './demo-camera.js';
import { HUB_URL } from './render.js';

export interface DemoAgent {
  /**
   * Takes the first waiting call (retrying while none is there yet) and sends the visitor the
   * agent's picture (demo-camera.ts) over WebRTC, as the agent console does with a camera.
   */
  acceptCall(): Promise<CallInfo>;
  hangUp(callId: string): Promise<void>;
  /** Takes the oldest waiting chat and answers it (the chat ends when the agent signs out). */
  answerChat(text: string): Promise<void>;
  /** Cancels one of this agent's bookings. */
  cancelBooking(bookingId: string): Promise<void>;
  signOut(): Promise<void>;
}

const signedIn = new Set<DemoAgent>();

/** Each demo agent's shirt in its picture (demo-camera.ts). */
const TONES: Record<string, string> = { anna: '#8a3358', bjorn: '#33658a', chen: '#2f6b4f' };

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
export function demoConnection(
  credentials: { agentToken?: string } = {},
  hubUrl = HUB_URL,
  onEvent: (frame: HubEvent) => void = () => {},
): HubClient {
  const client = new HubClient({
    hubUrl: normalizeHubUrl(hubUrl),
    orgId: 'demo',
    helloParams: () => credentials,
    onReady: () => {},
    onEvent,
    onStateChange: () => {},
  });
  client.connect();
  return client;
}

export async function signInDemoAgent(agentId = 'bjorn', hubUrl = HUB_URL): Promise<DemoAgent> {
  const credentials: { agentToken?: string } = {};
  /** The calls this agent sends its picture in, by call id. */
  const calls = new Map<string, { peer: PeerLink; camera: DemoCamera }>();
  const client = demoConnection(credentials, hubUrl, (frame) => {
    if (frame.type === 'call.signal') void calls.get(frame.callId)?.peer.handleSignal(frame.signal);
  });
  const chats = new Set<string>();
  const sendPicture = (call: CallInfo) => {
    const camera = demoCamera(TONES[agentId]);
    const peer = new PeerLink({
      role: 'agent',
      iceServers: call.iceServers,
      localStream: camera.stream,
      sendSignal: (signal) => {
        client.request('call.signal', { callId: call.callId, signal }).catch(() => undefined);
      },
      onChange: () => {},
    });
    calls.set(call.callId, { peer, camera });
    void peer.start();
    client.request('call.media', { callId: call.callId, audio: false, video: true }).catch(() => undefined);
  };
  const endPicture = (callId: string) => {
    calls.get(callId)?.peer.close();
    calls.get(callId)?.camera.stop();
    calls.delete(callId);
  };
  credentials.agentToken = (await client.request('agent.signIn', { agentId, password: 'demo' })).token;
  await client.request('agent.setStatus', { status: 'online' });
  const agent: DemoAgent = {
    acceptCall: async () => {
      const call = await retry(async () => (await client.request('call.accept', {})).call);
      sendPicture(call);
      return call;
    },
    hangUp: async (callId) => {
      endPicture(callId);
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
      for (const callId of [...calls.keys()]) endPicture(callId);
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
