// Vue 3 with tandem/vue: the elements in GlobalComponents, with typed props and listeners.
import type {} from 'tandem/vue';
import type { CallsWidgetProps } from 'tandem/vue';
import type { GlobalComponents } from 'vue';

type CallsWidgetComponent = GlobalComponents['calls-widget'];
export const component: CallsWidgetComponent | undefined = undefined;

export const props: CallsWidgetProps = {
  orgId: 'demo',
  dropInEnabled: false,
  onQueueIsOpen: (e) => e.detail.isOpen,
  onTandemError: (e) => e.detail.code,
};
// @ts-expect-error: a boolean prop
export const wrong: CallsWidgetProps = { noCard: 'yes' };
