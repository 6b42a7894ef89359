#!/usr/bin/env node
// Generates the framework entries from custom-elements.json (`npm run build:manifest`):
//   src/react/index.ts  React components made with @lit/react (`tandem/react`): typed props, and an
//                       `on<Event>` prop per event (`onQueueIsOpen` for `queue-is-open`).
//   src/vue/index.ts    Vue's `GlobalComponents` (`tandem/vue`): typed props and `@queue-is-open` listeners.
//
//   node scripts/framework-wrappers.mjs            write the files
//   node scripts/framework-wrappers.mjs --check    exit 1 when a file differs from what the manifest gives
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HEADER = [
  '// Generated from custom-elements.json by scripts/framework-wrappers.mjs (`npm run build:manifest`).',
  '// Edit the JSDoc in src/elements/, not this file.',
];

const pascal = (kebab) => kebab.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
/** `dist/elements/x/x.js` → `../elements/x/x.js`, relative to src/react/ and src/vue/. */
const fromEntry = (path) => `../${path.replace(/^dist\//, '')}`;

/** The registered elements: tag, class, registering module, public writable properties, events. */
export function elementsOf(manifest) {
  const classes = new Map();
  for (const mod of manifest.modules) for (const d of mod.declarations ?? []) classes.set(d.name, d);
  const elements = [];
  for (const mod of manifest.modules) {
    for (const e of mod.exports ?? []) {
      if (e.kind !== 'custom-element-definition') continue;
      const declaration = classes.get(e.declaration.name);
      const seen = new Set();
      const properties = (declaration.members ?? [])
        .filter(
          (m) => m.kind === 'field' && !m.static && !m.readonly && !m.privacy && !m.name.startsWith('_'),
        )
        .filter((m) => !seen.has(m.name) && seen.add(m.name));
      const events = (declaration.events ?? []).filter((event) => event.name !== 'error');
      elements.push({
        tag: e.name,
        className: declaration.name,
        module: mod.path,
        properties,
        events,
        summary: declaration.summary,
      });
    }
  }
  return elements.sort((a, b) => a.tag.localeCompare(b.tag));
}

const eventTypes = (elements) =>
  [...new Set(elements.flatMap((e) => e.events.map((event) => event.type.text)))].sort();

export function renderReact(elements) {
  const lines = [
    ...HEADER,
    '/**',
    ' * React components for the Tandem elements, made with @lit/react: every property is a prop (set',
    ' * as a property, so objects and functions pass as they are), every event an `on<Event>` prop.',
    " * `error` is left to `onTandemError`: the same detail, typed as Tandem's.",
    ' */',
    "import * as React from 'react';",
    "import { createComponent, type EventName } from '@lit/react';",
    ...elements.map(
      (e) => `import { ${e.className} as ${e.className}Element } from '${fromEntry(e.module)}';`,
    ),
    `import type { ${eventTypes(elements).join(', ')} } from '../events/index.js';`,
    '',
  ];
  for (const e of elements) {
    lines.push(
      `/** \`<${e.tag}>\`${e.summary ? `: ${e.summary}` : ''} */`,
      `export const ${e.className} = createComponent({`,
      `  tagName: '${e.tag}',`,
      `  elementClass: ${e.className}Element,`,
      '  react: React,',
      '  events: {',
      ...e.events.map(
        (event) => `    on${pascal(event.name)}: '${event.name}' as EventName<${event.type.text}>,`,
      ),
      '  },',
      `  displayName: '${e.className}',`,
      '});',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function renderVue(elements) {
  const lines = [
    ...HEADER,
    '/**',
    " * Vue's `GlobalComponents` for the Tandem elements: `<calls-widget :triggers=\"['always']\"",
    ' * @queue-is-open="...">` type-checks with vue-tsc. Types only: import it once, e.g.',
    " * `import type {} from 'tandem/vue'`, and tell Vue the tags are custom elements",
    ' * (`compilerOptions.isCustomElement`).',
    ' */',
    "import type { DefineComponent } from 'vue';",
    ...elements.map((e) => `import type { ${e.className} } from '${fromEntry(e.module)}';`),
    `import type { ${eventTypes(elements).join(', ')} } from '../events/index.js';`,
    '',
  ];
  for (const e of elements) {
    const names = e.properties.map((p) => `'${p.name}'`).join(' | ');
    lines.push(
      `/** The props of \`<${e.tag}>\`: its properties (Vue also takes them in kebab-case) and its events. */`,
      `export interface ${e.className}Props extends Partial<Pick<${e.className}, ${names}>> {`,
      ...e.events.map((event) => `  on${pascal(event.name)}?: (event: ${event.type.text}) => void;`),
      '}',
      '',
    );
  }
  lines.push(
    "declare module 'vue' {",
    '  interface GlobalComponents {',
    ...elements.map((e) => `    '${e.tag}': DefineComponent<${e.className}Props>;`),
    '  }',
    '}',
  );
  return `${lines.join('\n')}\n`;
}

async function main(argv) {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const elements = elementsOf(manifest);
  const files = { 'src/react/index.ts': renderReact(elements), 'src/vue/index.ts': renderVue(elements) };
  let stale = 0;
  for (const [file, raw] of Object.entries(files)) {
    const path = join(root, file);
    const text = await format(raw, { ...(await resolveConfig(path)), filepath: path });
    const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (current === text) continue;
    if (argv.includes('--check')) {
      console.error(
        `framework-wrappers: ${file} differs from custom-elements.json: run \`npm run build:manifest\` and commit it.`,
      );
      stale++;
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  return stale ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
