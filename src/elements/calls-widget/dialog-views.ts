import type { nothing, TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CallAgent, QueueState } from '../../protocol/frames.js';
import type { Booking } from '../../protocol/booking.js';
import type { CallsWidgetStrings, ElementState, RoutedCall } from '../../call/call-types.js';
import type { VisitorCallController } from '../../controllers/visitor-call-controller.js';
import type { MeetingTiming } from '../../controllers/meeting-controller.js';
import { formatRateLimited } from '../../format.js';
import {
  renderEnded,
  renderInCall,
  renderJoining,
  renderMedia,
  renderStart,
  renderWaiting,
} from './call-views.js';
import {
  dropInBlocked,
  renderBooking,
  renderControls,
  renderMeeting,
  renderPreview,
  renderRemoteVideo,
  type BookingView,
} from './calls-widget-views.js';

/**
 * The body of the calls widget's dialog: the view for the call's phase, or, before a call, the booked
 * meeting, the booking view or the start screen.
 */

export interface DialogView {
  flow: VisitorCallController;
  /** The shop panel of the in-call view. */
  shop: TemplateResult | typeof nothing;
  locale: string;
  state: QueueState | null;
  /** The hub, org or queue cannot be reached: the status says so, never "Connecting…". */
  unavailable: boolean;
  status: string;
  strings: CallsWidgetStrings;
  routing: RoutedCall | null;
  onlineAgents: readonly CallAgent[];
  meeting: { booking: Booking; timing: MeetingTiming } | null;
  /** The booking view, when the visitor chose to book. */
  booking: BookingView | null;
  /** The drop-in and booking options, or null where switched off. */
  dropIn: ElementState | null;
  book: ElementState | null;
  onChat(): void;
  onMinimize(): void;
  onClose(): void;
  onBook(): void;
}

/** The dialog's and card's heading (000's `strings.title`). */
export function heading(strings: CallsWidgetStrings): string {
  return strings.title || msg('Video call with us', { id: 'calls.title' });
}

/** The drop-in option's text (000's `strings.text`, where `{{name}}` is the routed agent's name). */
export function dropInText(strings: CallsWidgetStrings, routing: RoutedCall | null): string {
  const name = routing?.agent.name;
  // A replacer function: the name is inserted as it is (a string would read `$&` as a pattern).
  if (strings.text) return strings.text.replaceAll('{{name}}', () => name ?? '');
  return name
    ? msg(str`${name} shows you our products live, face to face.`, { id: 'calls.textNamed' })
    : msg('One of our experts shows you our products live, face to face.', { id: 'calls.text' });
}

export function renderDialogBody(v: DialogView): TemplateResult {
  const { flow } = v;
  const preview = () => renderPreview(flow.media, flow.receiveOnly);
  switch (flow.phase) {
    case 'media':
      return renderMedia({
        permission: flow.media.permission,
        onRetry: () => void flow.start(),
        onWithout: () => void flow.continueWithoutMedia(),
        onChat: v.onChat,
      });
    case 'joining':
      return renderJoining();
    case 'waiting': {
      const routedTo = flow.ticket?.callAgentId;
      return renderWaiting({
        ticket: flow.ticket,
        locale: v.locale,
        agent: routedTo ? (v.onlineAgents.find((a) => a.id === routedTo) ?? v.routing?.agent ?? null) : null,
        transferring: flow.call?.endReason === 'transferred',
        audioOnly: flow.media.hasAudio && !flow.media.hasVideo,
        receiveOnly: flow.receiveOnly,
        preview: preview(),
        onLeave: () => void flow.leave(),
        onChat: v.onChat,
      });
    }
    case 'in-call':
      return renderInCall({
        agent: flow.call!.agent,
        quality: flow.peer?.quality ?? 'connecting',
        remoteVideo: renderRemoteVideo(flow.call!.agent),
        remoteCameraOff: !flow.remoteMedia.video,
        preview: preview(),
        shop: v.shop,
        controls: renderControls({
          media: flow.media,
          receiveOnly: flow.receiveOnly,
          onMute: (muted) => flow.setAudioMuted(muted),
          onVideoOff: (off) => flow.setVideoOff(off),
          onMinimize: v.onMinimize,
          onHangUp: () => void flow.hangUp(),
        }),
      });
    case 'ended':
      return renderEnded({
        reason: flow.endReason,
        canRejoin: flow.endReason === 'agent-left' && !!flow.ticket?.canRejoin,
        onRejoin: () => void flow.rejoin(),
        onClose: v.onClose,
      });
    default:
      return renderBeforeCall(v);
  }
}

function renderBeforeCall(v: DialogView): TemplateResult {
  if (v.meeting) {
    const { booking, timing } = v.meeting;
    return renderMeeting({ meeting: booking, timing, locale: v.locale, onJoin: () => void v.flow.start() });
  }
  if (v.booking) return renderBooking(v.booking);
  const bookTitle = msg('Book a meeting', { id: 'booking.title' });
  const { dropIn, book } = v;
  return renderStart({
    dropIn: dropIn
      ? {
          title: dropIn.content?.title ?? heading(v.strings),
          subtitle: dropIn.content?.subtitle ?? dropInText(v.strings, v.routing),
          buttonText: dropIn.content?.buttonText ?? msg('Start video call', { id: 'call.start' }),
          disabled: dropIn.disableCTA ?? false,
        }
      : null,
    booking: book
      ? {
          title: book.content?.title ?? bookTitle,
          subtitle:
            book.content?.subtitle ??
            msg('Pick a time that suits you to meet one of our experts by video.', { id: 'booking.ready' }),
          buttonText: book.content?.buttonText ?? bookTitle,
          disabled: book.disableCTA ?? false,
        }
      : null,
    dropInBlocked: v.flow.limited.held
      ? formatRateLimited(v.flow.limited.seconds)
      : dropInBlocked(v.state, v.locale, v.unavailable),
    status: v.status,
    onStart: () => void v.flow.start(),
    onBook: v.onBook,
    onChat: v.onChat,
  });
}
