/**
 * Every story: controls from custom-elements.json (one row per property, an attribute's row folded into
 * its property's), and a clean slate before it renders: the previous story's demo agents signed out,
 * its calls ended, and Tandem's storage cleared (a waiting ticket or a dismissed overlay would
 * otherwise carry over into the next story).
 */
// Registers every element, from the TypeScript sources (Vite compiles them as the CDN build does).
import '../src/index.js';
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import type { ArgTypesEnhancer, StrictArgTypes } from 'storybook/internal/types';
import { customElements, declarationOf, isInternal, literalOptions } from '../stories/support/manifest.js';
import { signOutDemoAgents } from '../stories/support/demo-agent.js';

setCustomElementsManifest(customElements);

/**
 * Hides an attribute's row when its property has one, leaves out what a page cannot set (private,
 * static and read-only members), and offers a union of literals as a select.
 */
const foldAttributes: ArgTypesEnhancer = (context) => {
  const declaration = declarationOf(String(context.component ?? ''));
  const argTypes: StrictArgTypes = { ...context.argTypes };
  for (const attribute of declaration?.attributes ?? []) {
    const field = attribute.fieldName;
    if (field && field !== attribute.name && argTypes[field] && argTypes[attribute.name]) {
      argTypes[attribute.name] = { ...argTypes[attribute.name]!, table: { disable: true } };
    }
  }
  for (const member of declaration?.members ?? []) {
    const argType = argTypes[member.name];
    if (!argType || member.kind !== 'field') continue;
    if (isInternal(member)) {
      delete argTypes[member.name];
      continue;
    }
    if (member.type?.text === 'boolean | null') argTypes[member.name] = { ...argType, control: 'boolean' };
    const options = literalOptions(member.type?.text);
    if (options && argType && !argType.control)
      argTypes[member.name] = { ...argType, control: 'select', options };
  }
  return argTypes;
};

function clearTandemStorage(): void {
  for (const storage of [sessionStorage, localStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith('tandem')) storage.removeItem(key);
  }
}

const preview: Preview = {
  argTypesEnhancers: [foldAttributes],
  parameters: {
    controls: { expanded: true, sort: 'requiredFirst' },
    layout: 'padded',
  },
  beforeEach: async () => {
    clearTandemStorage();
    return async () => {
      for (const widget of document.querySelectorAll('calls-widget')) await widget.destroy();
      await signOutDemoAgents();
      clearTandemStorage();
    };
  },
};

export default preview;
