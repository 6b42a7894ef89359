import { QueueStateController } from '../../controllers/queue-state-controller.js';
import { AgentListController } from '../../controllers/agent-list-controller.js';
import { QueueEventsController } from '../../controllers/queue-events-controller.js';
import { VisitorCallController } from '../../controllers/visitor-call-controller.js';
import { CallDialogController } from '../../controllers/call-dialog-controller.js';
import { CallRoutingController } from '../../controllers/call-routing-controller.js';
import { TicketDetailsController } from '../../controllers/ticket-details-controller.js';
import { MeetingController } from '../../controllers/meeting-controller.js';
import { TriggersController } from '../../controllers/triggers-controller.js';
import { SmartOverlayController } from '../../controllers/smart-overlay-controller.js';
import type { HubSessionController } from '../../controllers/hub-session-controller.js';
import { Tracker } from '../../call/tracker.js';
import { CartBridgeController } from '../../controllers/cart-bridge-controller.js';
import { CoBrowseController } from '../../controllers/co-browse-controller.js';
import type { CallsWidgetOptions } from './calls-widget.options.js';
import { reportError } from '../../events/report-error.js';

const DEFAULT_QUEUE = 'default';

/** What the calls widget's controllers read of it: its options and public methods. */
export interface CallsWidgetHost extends CallsWidgetOptions {
  show(): void;
  setQueue(queueTerm: string): void;
}

export type CallsWidgetControllers = ReturnType<typeof createCallsWidgetControllers>;

/**
 * The calls widget's controllers, one concern each, wired to each other and to the widget's
 * options: the element renders from them and forwards the visitor's actions to them.
 */
export function createCallsWidgetControllers(host: CallsWidgetHost, hub: HubSessionController) {
  const tracker = new Tracker(host, {
    dataLayer: () => host.dataLayerTracking,
    ecommerce: () => host.ecommerceTracking,
  });
  const track = (eventName: string, eventData: Record<string, unknown>): void =>
    tracker.track(eventName, eventData);
  const fail = reportError.bind(null, host);
  const queueState = new QueueStateController(host, hub, () => host.queue || DEFAULT_QUEUE);
  const agentList = new AgentListController(host, queueState);
  new QueueEventsController(host, queueState);
  const callFlow: VisitorCallController = new VisitorCallController(host, hub, {
    // A booked meeting goes through the org's default queue, which keeps no hours and serves every
    // agent: the booking already decided the agent and the time.
    queueTerm: () => (meetings.meeting ? DEFAULT_QUEUE : host.queue || DEFAULT_QUEUE),
    joinOptions: () => details.joinOptions(),
    persist: () => host.allowFirstPartyCookies,
    track,
    onError: fail,
  });
  const dialogState = new CallDialogController(host, callFlow, {
    queueId: () => queueState.state?.queueId ?? null,
    track,
  });
  const routing = new CallRoutingController(host, agentList, {
    decider: () => host.onBeforeRender,
    canRoute: () => callFlow.phase === 'idle',
    onError: fail,
  });
  const details = new TicketDetailsController(host, callFlow, routing, {
    data: () => host.data,
    trackingTags: () => host.trackingTags,
    agentTags: () => host.agentTags,
    onError: fail,
  });
  const meetings = new MeetingController(host, hub, {
    onConfirmed: (meeting) => routing.fixAgent(meeting.agent),
    onJoinable: () => callFlow.start(),
    onError: fail,
  });
  const smartOverlay = new SmartOverlayController(host, {
    enabled: () => host.triggers.includes('smart'),
    configure: (overlay) =>
      Object.assign(overlay, {
        ...{ orgId: host.orgId, hubUrl: host.hubUrl, locale: host.locale, queue: host.queue },
        variant: host.smartVariantOverride,
        position: host.smartVariantOverride === 'Side dock' ? 'docked_right' : 'bottom-right',
        popupTimeoutSeconds: host.popupTimeoutSeconds,
        allowFirstPartyCookies: host.allowFirstPartyCookies,
        getOverlayOffsets: host.getOverlayOffsets,
        target: host,
      }),
  });
  new TriggersController(host, {
    triggers: () => host.triggers,
    connectId: () => host.connectId,
    openBookingPage: () => host.openBookingPage,
    show: () => host.show(),
    showBooking: () => dialogState.showBooking(),
    setQueue: (queueTerm) => host.setQueue(queueTerm),
    openMeeting: (connectId) => {
      host.show();
      void meetings.open(connectId);
    },
  });
  const bridge = new CartBridgeController(host, hub, callFlow, {
    tracker,
    settings: () => ({ coBrowsing: !host.disableCoBrowsing, scanning: host.enableScanning }),
    navigate: (url) => coBrowse.floatAbove(url),
    onError: fail,
  });
  const coBrowse: CoBrowseController = new CoBrowseController(host, callFlow, bridge, {
    disabled: () => host.disableCoBrowsing,
    merchantBaseUrl: () => host.merchantBaseUrl,
    floatingPlayer: () => host.floatingPlayer,
    minimize: () => dialogState.minimize(),
    onError: fail,
  });
  return {
    bridge,
    coBrowse,
    queueState,
    agentList,
    callFlow,
    dialogState,
    routing,
    details,
    meetings,
    smartOverlay,
    track,
    fail,
  };
}
