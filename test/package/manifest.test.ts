/**
 * custom-elements.json: valid against the official schema (the `custom-elements-manifest` package's
 * schema.json) and describing the package as shipped: dist/ paths that exist, documented events only,
 * each with its class, a definition per tag, CSS custom properties with their defaults.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8')) as Manifest;
const schema = require('custom-elements-manifest/schema.json') as object;

interface Reference {
  name: string;
  module?: string;
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  events?: { name?: string; type?: { text: string; references?: Reference[] }; description?: string }[];
  cssProperties?: { name: string; default?: string }[];
}
interface Module {
  path: string;
  declarations?: Declaration[];
  exports?: { kind: string; name: string; declaration: Reference }[];
}
interface Manifest {
  schemaVersion: string;
  modules: Module[];
}

const TAGS = ['agent-console', 'booking-card', 'calls-widget', 'chat-widget', 'overlay-widget'];
const elements = manifest.modules.flatMap((mod) =>
  (mod.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .map((declaration) => ({ mod, declaration })),
);

test('custom-elements.json is valid against the Custom Elements Manifest schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  assert.equal(validate(manifest), true, ajv.errorsText(validate.errors, { separator: '\n' }));
});

test('describes every element, in modules the package ships', () => {
  assert.deepEqual(elements.map((e) => e.declaration.tagName).sort(), TAGS);
  const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { files: string[] };
  for (const mod of manifest.modules) {
    assert.match(mod.path, /^dist\/.+\.js$/, `${mod.path} is not in dist/`);
    assert.ok(packageJson.files.includes(mod.path.split('/')[0]!), `${mod.path} is not in "files"`);
    assert.ok(existsSync(new URL(mod.path, root)), `${mod.path} does not exist (run npm run build)`);
  }
});

test('defines each tag in its registering module, pointing at its class', () => {
  for (const tag of TAGS) {
    const mod = manifest.modules.find((m) => m.path === `dist/elements/${tag}/${tag}.js`);
    const definition = mod?.exports?.find((e) => e.kind === 'custom-element-definition');
    assert.equal(definition?.name, tag);
    const declared = manifest.modules
      .find((m) => m.path === definition!.declaration.module)
      ?.declarations?.find((d) => d.name === definition!.declaration.name);
    assert.equal(declared?.tagName, tag);
  }
});

test('lists documented events only, each with its event class', () => {
  for (const { declaration } of elements) {
    assert.ok(declaration.events?.length, `${declaration.tagName} has no events`);
    for (const event of declaration.events ?? []) {
      assert.match(
        event.name ?? '',
        /^[a-z]+(-[a-z]+)*$/,
        `${declaration.tagName}: event ${JSON.stringify(event)}`,
      );
      assert.ok(event.description, `${declaration.tagName}: ${event.name} has no description`);
      assert.match(
        event.type?.text ?? '',
        /^[A-Z]\w*Event$/,
        `${declaration.tagName}: ${event.name} has no class`,
      );
      const module = event.type!.references![0]!.module!;
      assert.ok(existsSync(new URL(module, root)), `${event.name}: ${module} does not exist`);
    }
    const names = declaration.events!.map((e) => e.name);
    assert.ok(
      names.includes('error') && names.includes('tandem-error'),
      `${declaration.tagName}: error events`,
    );
    for (const bogus of ['detail', 'waiting', 'open-after-seconds', 'trigger']) {
      assert.ok(!names.includes(bogus), `${declaration.tagName}: bogus event ${bogus}`);
    }
  }
});

test('gives every CSS custom property its default', () => {
  for (const { declaration } of elements) {
    for (const property of declaration.cssProperties ?? []) {
      assert.ok(property.default, `${declaration.tagName}: ${property.name} has no default`);
    }
  }
});
