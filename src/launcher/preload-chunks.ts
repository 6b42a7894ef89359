/**
 * The CDN build's module preload helper, in place of Vite's (vite.config.ts, leanPreloadHelper):
 * Vite wraps every `import()` of the launcher in `__vitePreload(load, deps, importerUrl)`, `deps`
 * being the chunks the imported chunk imports, all levels. Each gets a `<link rel="modulepreload">`
 * (once), so they are fetched in parallel with the chunk itself, from beside the launcher.
 */
const preloaded = new Set<string>();

export function __vitePreload<T>(load: () => Promise<T>, deps?: string[], importerUrl?: string): Promise<T> {
  for (const dep of deps ?? []) {
    const href = new URL(dep, importerUrl).href;
    if (preloaded.has(href)) continue;
    preloaded.add(href);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  }
  return load();
}
