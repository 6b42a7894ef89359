import {
  Directive,
  directive,
  PartType,
  type ChildPart,
  type DirectiveResult,
  type PartInfo,
} from 'lit/directive.js';
import type { DomView } from './dom-view.js';

/**
 * Hosts a DomView (dom-view.ts) in a Lit template: the view is created on the first render and
 * updated on every later one, so the element and the CDN launcher draw it from one source.
 */
class ViewPartDirective extends Directive {
  #view: DomView<unknown> | null = null;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.CHILD) throw new Error('viewPart() belongs in a child position.');
  }

  render(create: () => DomView<unknown>, props: unknown): Element {
    this.#view ??= create();
    this.#view.update(props);
    return this.#view.node;
  }

  override update(_part: ChildPart, [create, props]: [() => DomView<unknown>, unknown]): Element {
    return this.render(create, props);
  }
}

const viewPartDirective = directive(ViewPartDirective);

/** `create()` once for this position of the template, then `update(props)` on every render. */
export const viewPart = <P>(create: () => DomView<P>, props: P): DirectiveResult =>
  viewPartDirective(create as () => DomView<unknown>, props);
