import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Vue is told which tags are custom elements, as README says.
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.includes('-') } } })],
});
