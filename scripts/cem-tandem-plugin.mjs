// Custom Elements Manifest analyzer plugin: makes custom-elements.json describe the package as shipped.
//
// - Events: only those documented with `@fires` (the analyzer also guesses events from
//   `dispatchEvent(...)` calls, nameless or named after a variable), each typed with its event class
//   from src/events/ (found by the name the class passes to `super`).
// - Paths: `dist/**/*.js`, what the package ships, instead of `src/**/*.ts`.
// - Definitions: a `custom-element-definition` export per `defineElement('<tag>', Class)` call.
// - CSS custom properties: the default each falls back to in the styles (`var(--tandem-x, <default>)`).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir` (recursive), relative to `root`. */
function filesUnder(root, dir) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)));
}

/** Event name → `{name, module}` of its class, from `class X extends CustomEvent ... super('name'`. */
function eventClasses(root) {
  const classes = new Map();
  for (const file of filesUnder(root, 'src/events').filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(root, file), 'utf8');
    for (const match of source.matchAll(/export class (\w+) extends CustomEvent<[^{]*\{([\s\S]*?)\n\}/g)) {
      const names = [...match[2].matchAll(/super\(\s*'([a-z-]+)'/g)].map((m) => m[1]);
      // TandemErrorEvent passes its type through: both of its names.
      const typed = [...match[2].matchAll(/type: ([A-Za-z]+) = '([a-z-]+)'/g)];
      if (typed.length) names.push('error', 'tandem-error');
      for (const name of names) classes.set(name, { name: match[1], module: toDist(file) });
    }
  }
  return classes;
}

/** The first fallback of every `var(--tandem-*, fallback)` in the styles: property → default. */
function cssDefaults(root) {
  const defaults = new Map();
  for (const file of filesUnder(root, 'src').filter((f) => f.endsWith('.styles.ts'))) {
    const source = readFileSync(join(root, file), 'utf8');
    for (const match of source.matchAll(/var\((--tandem-[a-z0-9-]+)\s*,\s*/g)) {
      if (defaults.has(match[1])) continue;
      let depth = 0;
      let end = match.index + match[0].length;
      for (; end < source.length; end++) {
        const char = source[end];
        if (char === '(') depth++;
        else if (char === ')' && depth-- === 0) break;
      }
      defaults.set(match[1], source.slice(match.index + match[0].length, end).trim());
    }
  }
  return defaults;
}

/** `src/x/y.ts` (or `.js`) → `dist/x/y.js`. */
function toDist(path) {
  return path.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');
}

/** Rewrites every `path` and `module` in the manifest to dist/. */
function rewritePaths(node) {
  if (Array.isArray(node)) return node.forEach(rewritePaths);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'path' || key === 'module') && typeof value === 'string' && /^\/?src\//.test(value)) {
      node[key] = toDist(value);
    } else rewritePaths(value);
  }
}

export function tandemManifestPlugin({ root = process.cwd() } = {}) {
  const events = eventClasses(root);
  const defaults = cssDefaults(root);
  return {
    name: 'tandem-manifest',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const classModules = new Map();
      for (const mod of manifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.kind === 'class') classModules.set(declaration.name, mod.path);
          if (!declaration.customElement) continue;
          declaration.events = (declaration.events ?? [])
            .filter((event) => event.name && event.description)
            .map((event) => {
              const type = events.get(event.name);
              if (!type) throw new Error(`cem: no event class in src/events/ fires "${event.name}".`);
              return {
                ...event,
                type: { text: type.name, references: [{ name: type.name, module: type.module }] },
              };
            });
          for (const property of declaration.cssProperties ?? []) {
            if (property.default === undefined && defaults.has(property.name)) {
              property.default = defaults.get(property.name);
            }
          }
        }
      }
      for (const mod of manifest.modules) {
        const source = readFileSync(join(root, mod.path), 'utf8');
        for (const [, tag, className] of source.matchAll(
          /defineElement\('([a-z][a-z0-9]*-[a-z0-9-]*)', (\w+)\)/g,
        )) {
          const module = classModules.get(className);
          if (!module)
            throw new Error(`cem: ${mod.path} defines <${tag}> with ${className}, which is in no module.`);
          mod.exports = [
            ...(mod.exports ?? []),
            { kind: 'custom-element-definition', name: tag, declaration: { name: className, module } },
          ];
        }
      }
      manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      rewritePaths(manifest);
    },
  };
}
