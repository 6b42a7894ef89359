// React 19 with tandem/react: typed props and on<Event> props.
import { CallsWidget, ChatWidget } from 'tandem/react';

export const page = (
  <>
    <CallsWidget
      orgId="demo"
      triggers={['queue-link']}
      dropInEnabled={false}
      beforeRender={(agents) => ({ callAgentId: agents[0]!.id })}
      onQueueIsOpen={(e) => e.detail.nextCloseTime}
      onTrackingEvent={(e) => e.detail}
      onTandemError={(e) => e.detail.code}
    />
    <ChatWidget
      orgId="demo"
      languages={['sv-SE', 'en-US']}
      onChatSessionStarted={(e) => e.detail.conversationId}
    />
    {/* @ts-expect-error: a boolean prop */}
    <CallsWidget noCard="yes" />
  </>
);
