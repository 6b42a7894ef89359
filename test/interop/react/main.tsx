/**
 * A React 19 app as a shop writes it, built by Vite from the packed tarball: the tandem/react
 * components, and the plain tags React 19 passes properties to. The hub's URL comes in `?hub=`.
 * What the page hears is recorded in `window.__heard` for the test.
 */
import { StrictMode, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { CallsWidget, ChatWidget } from 'tandem/react';
import type { CallAgent } from 'tandem';

declare global {
  interface Window {
    __heard: Array<[string, unknown]>;
    __data: Record<string, unknown>;
    __decide: (agents: CallAgent[]) => { callAgentId: string } | null;
  }
}

const hubUrl = new URLSearchParams(location.search).get('hub') ?? '';
window.__heard = [];
window.__data = { firstName: 'Joe', email: 'joe@example.com' };
window.__decide = (agents) => (agents[0] ? { callAgentId: agents[0].id } : null);
const record = (name: string) => (event: Event) => window.__heard.push([name, (event as CustomEvent).detail]);

function App() {
  const calls = useRef(null);
  return (
    <>
      <CallsWidget
        id="calls"
        ref={calls}
        orgId="demo"
        hubUrl={hubUrl}
        triggers={['queue-link']}
        dropInEnabled={false}
        data={window.__data}
        beforeRender={window.__decide}
        onAgentsOnline={record('agents-online')}
        onQueueIsOpen={record('queue-is-open')}
        onQueueIsClosed={record('queue-is-closed')}
      />
      <ChatWidget
        id="chat"
        orgId="demo"
        hubUrl={hubUrl}
        languages="sv-SE en-US"
        embedded
        onChatLoaded={record('chat-loaded')}
      />
      {/* Plain tags: React 19 sets properties the element has, by the names the template uses. */}
      {/* @ts-expect-error: no JSX typings for the plain tags in this app */}
      <calls-widget
        id="plain"
        org-id="demo"
        hub-url={hubUrl}
        drop-in-enabled={false}
        triggers="always smart"
        no-card
      />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
