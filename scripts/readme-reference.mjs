#!/usr/bin/env node
// Renders the "Element reference" of README.md from custom-elements.json (the Custom Elements
// Manifest that `cem analyze --litelement` writes from the JSDoc in src/elements).
//
//   node scripts/readme-reference.mjs            print the reference to stdout
//   node scripts/readme-reference.mjs --write    replace the text between the README markers
//   node scripts/readme-reference.mjs --check    exit 1 when README's section differs from the manifest
//
// The markers, on lines of their own in README.md:
//   <!-- element-reference:start -->
//   <!-- element-reference:end -->
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(root, 'custom-elements.json');
const readmePath = join(root, 'README.md');

export const START = '<!-- element-reference:start -->';
export const END = '<!-- element-reference:end -->';

/** Lit and DOM lifecycle methods that subclasses override: implementation, not API. */
const LIFECYCLE = new Set([
  'connectedCallback',
  'disconnectedCallback',
  'adoptedCallback',
  'attributeChangedCallback',
  'createRenderRoot',
  'render',
  'update',
  'updated',
  'firstUpdated',
  'willUpdate',
  'shouldUpdate',
  'performUpdate',
  'scheduleUpdate',
  'getUpdateComplete',
]);

const isHidden = (member) =>
  member.privacy === 'private' ||
  member.privacy === 'protected' ||
  member.name.startsWith('_') ||
  member.name.startsWith('#');

/** Text for one Markdown table cell: one line, pipes escaped. */
function cell(text) {
  if (text === undefined || text === null || text === '') return '';
  return String(text)
    .replace(/\r?\n\s*\n/g, '<br><br>')
    .replace(/\s*\r?\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** A code span for a table cell (types, defaults, names). */
function code(text) {
  if (text === undefined || text === null || text === '') return '';
  const s = String(text)
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim();
  const fence = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`.replace(/\|/g, '\\|');
}

function table(headers, rows) {
  if (rows.length === 0) return [];
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

/** Later entries (the subclass's own) win over earlier ones of the same name. */
function byName(items) {
  const map = new Map();
  for (const item of items ?? []) map.set(item.name, item);
  return [...map.values()];
}

function tagNameOf(declaration, modulePath) {
  if (declaration.tagName) return declaration.tagName;
  // src/elements/<tag>/<tag>.ts: the folder names the tag (ARCHITECTURE.md), when @tagname is missing.
  const m = /(?:^|\/)elements\/([a-z][a-z0-9]*-[a-z0-9-]*)\/\1\.(?:ts|js)$/.exec(modulePath ?? '');
  return m ? m[1] : null;
}

/** Tag → the module whose import registers it (the manifest's `custom-element-definition` exports). */
function definitionsOf(manifest) {
  const definitions = new Map();
  for (const mod of manifest.modules ?? []) {
    for (const e of mod.exports ?? [])
      if (e.kind === 'custom-element-definition') definitions.set(e.name, mod.path);
  }
  return definitions;
}

/** `dist/elements/x/x.js` → `tandem/x.js`, through package.json's `exports`. */
function importPathOf(path) {
  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const [subpath, target] of Object.entries(packageJson.exports ?? {})) {
    const file = typeof target === 'string' ? target : target?.default;
    if (file === `./${path}`) return `${packageJson.name}${subpath.slice(1)}`;
  }
  return null;
}

/** The custom elements of a manifest, sorted by tag name. */
export function elementsOf(manifest) {
  const found = [];
  const definitions = definitionsOf(manifest);
  for (const mod of manifest.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (declaration.kind !== 'class' || !declaration.customElement) continue;
      const tagName = tagNameOf(declaration, mod.path);
      if (tagName) found.push({ tagName, declaration, path: mod.path, definedIn: definitions.get(tagName) });
    }
  }
  return found.sort((a, b) => a.tagName.localeCompare(b.tagName));
}

function renderElement({ tagName, declaration: d, definedIn }) {
  const out = [`### \`<${tagName}>\``, ''];
  if (d.summary) out.push(d.summary.trim(), '');
  const importPath = definedIn && importPathOf(definedIn);
  if (importPath) out.push(`Registered by \`import '${importPath}'\` (class \`${d.name}\`).`, '');
  if (d.description && d.description.trim() !== d.summary?.trim()) out.push(d.description.trim(), '');

  const members = byName(d.members);
  const fields = members.filter((m) => m.kind === 'field' && !m.static && !isHidden(m));
  const attributes = byName(d.attributes).filter((a) => !a.name.startsWith('_'));
  const attributeFields = new Set(attributes.map((a) => a.fieldName).filter(Boolean));
  const fieldByName = new Map(fields.map((f) => [f.name, f]));

  const attributeRows = attributes.map((a) => {
    const field = a.fieldName ? fieldByName.get(a.fieldName) : undefined;
    return [
      code(a.name),
      code(a.fieldName),
      code(a.type?.text ?? field?.type?.text),
      code(a.default ?? field?.default),
      cell(a.description ?? field?.description),
    ];
  });
  out.push(
    ...section(
      'Attributes',
      table(['Attribute', 'Property', 'Type', 'Default', 'Description'], attributeRows),
    ),
  );

  const propertyRows = fields
    .filter((f) => !attributeFields.has(f.name) && !f.attribute)
    .map((f) => [
      code(f.name),
      code(f.type?.text),
      code(f.default),
      cell([f.readonly ? '(read-only)' : '', f.description ?? ''].filter(Boolean).join(' ')),
    ]);
  out.push(
    ...section(
      'Properties',
      table(['Property', 'Type', 'Default', 'Description'], propertyRows),
      'Properties not reflected by an attribute; those that are, are listed under Attributes.',
    ),
  );

  const methodRows = members
    .filter((m) => m.kind === 'method' && !m.static && !isHidden(m) && !LIFECYCLE.has(m.name))
    .map((m) => {
      const params = (m.parameters ?? [])
        .map(
          (p) =>
            `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}${p.type?.text ? `: ${p.type.text}` : ''}`,
        )
        .join(', ');
      const paramDocs = (m.parameters ?? [])
        .filter((p) => p.description)
        .map((p) => `\`${p.name}\`: ${p.description}`);
      const returns = m.return?.type?.text || '';
      const description = [
        m.description ?? '',
        ...paramDocs,
        m.return?.description ? `Returns ${m.return.description}` : '',
      ]
        .filter(Boolean)
        .join('<br>');
      return [code(`${m.name}(${params})`), code(returns), cell(description)];
    });
  out.push(...section('Methods', table(['Method', 'Returns', 'Description'], methodRows)));

  const eventRows = byName(d.events)
    .filter((e) => e.name)
    .map((e) => [code(e.name), code(e.type?.text), cell(e.description)]);
  out.push(...section('Events', table(['Event', 'Type', 'Description'], eventRows)));

  const slotRows = byName(d.slots).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]);
  out.push(...section('Slots', table(['Slot', 'Description'], slotRows)));

  const partRows = byName(d.cssParts).map((p) => [code(p.name), cell(p.description)]);
  out.push(...section('CSS parts', table(['Part', 'Description'], partRows)));

  const cssPropRows = byName(d.cssProperties).map((p) => [
    code(p.name),
    code(p.default),
    cell(p.description),
  ]);
  out.push(...section('CSS custom properties', table(['Property', 'Default', 'Description'], cssPropRows)));

  return out;
}

function section(title, rows, note) {
  if (rows.length === 0) return [];
  return [`#### ${title}`, '', ...(note ? [note, ''] : []), ...rows];
}

/** The Markdown that goes between the markers (without the markers). */
export function renderReference(manifest) {
  const elements = elementsOf(manifest);
  const lines = [
    '<!-- Generated from custom-elements.json by scripts/readme-reference.mjs (`npm run build:manifest`).',
    '     Edit the JSDoc in src/elements/, not this section. -->',
    '<!-- prettier-ignore-start -->',
    '',
  ];
  if (elements.length === 0) lines.push('_No custom elements in custom-elements.json._', '');
  for (const element of elements) lines.push(...renderElement(element));
  while (lines.at(-1) === '') lines.pop();
  lines.push('', '<!-- prettier-ignore-end -->');
  return lines.join('\n');
}

/** README text with the section between the markers replaced, or null when the markers are missing. */
export function replaceSection(readme, reference) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start + START.length);
  if (start === -1 || end === -1) return null;
  return `${readme.slice(0, start + START.length)}\n${reference}\n${readme.slice(end)}`;
}

function loadManifest() {
  if (!existsSync(manifestPath)) {
    console.error('readme-reference: custom-elements.json is missing; run `npm run build:manifest` first.');
    process.exit(1);
  }
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    console.error(`readme-reference: custom-elements.json is not valid JSON: ${error.message}`);
    process.exit(1);
  }
}

function firstDifference(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return { line: i + 1, readme: x[i] ?? '(end)', generated: y[i] ?? '(end)' };
  }
  return null;
}

function main(argv) {
  const write = argv.includes('--write');
  const check = argv.includes('--check');
  const reference = renderReference(loadManifest());
  if (!write && !check) {
    process.stdout.write(`${reference}\n`);
    return 0;
  }
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : null;
  const updated = readme === null ? null : replaceSection(readme, reference);
  const markersHelp = `README.md needs the lines\n  ${START}\n  ${END}\nwhere the element reference goes.`;

  if (write) {
    if (updated === null) {
      console.warn(`readme-reference: warning: README.md left alone. ${markersHelp}`);
      return 0;
    }
    if (updated !== readme) writeFileSync(readmePath, updated);
    return 0;
  }

  // --check
  if (updated === null) {
    console.error(`readme-reference: no element reference in README.md. ${markersHelp}`);
    return 1;
  }
  if (updated !== readme) {
    const start = readme.indexOf(START);
    const offset = readme.slice(0, start).split('\n').length - 1;
    const diff = firstDifference(readme, updated);
    console.error(
      "readme-reference: README.md's element reference differs from custom-elements.json.\n" +
        'Run `npm run build:manifest` (or `node scripts/readme-reference.mjs --write`) and commit README.md.' +
        (diff
          ? `\nFirst difference at README.md line ${diff.line} (section starts at line ${offset + 1}):\n` +
            `  README:    ${diff.readme}\n  generated: ${diff.generated}`
          : ''),
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
