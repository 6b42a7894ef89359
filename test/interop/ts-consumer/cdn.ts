// The CDN file has types too.
import { CallsWidget } from 'tandem/cdn/tandem.js';

export const isElement: boolean = document.createElement('calls-widget') instanceof CallsWidget;
