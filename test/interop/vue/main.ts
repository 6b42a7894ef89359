/**
 * A Vue 3 app as a shop writes it, built by Vite from the packed tarball (see App.vue). The hub's
 * URL comes in `?hub=`; what the page hears is recorded in `window.__heard` for the test.
 */
import { createApp } from 'vue';
import 'tandem';
import type {} from 'tandem/vue';
import App from './App.vue';

createApp(App).mount('#app');
