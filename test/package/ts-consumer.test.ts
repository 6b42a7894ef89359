/**
 * A TypeScript project that installed the packed tarball (test/interop/ts-consumer): typed events
 * from every entry, typed properties, the public shapes, tandem/react, tandem/vue and the CDN file's
 * types. Each file also holds `@ts-expect-error` lines, so a type that went loose fails the check.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { consumerProject, tool, type ConsumerProject } from '../support/packed.js';

let project: ConsumerProject;

before(async () => {
  project = await consumerProject('ts-consumer');
});
after(() => project.remove());

test('type-checks events, properties and the framework entries from the root entry', async () => {
  const { code, output } = await tool(
    'node_modules/typescript/bin/tsc',
    ['-p', 'tsconfig.json'],
    project.dir,
  );
  assert.equal(code, 0, output);
});

test('types every event for a page that imports one element alone', async () => {
  const { code, output } = await tool(
    'node_modules/typescript/bin/tsc',
    ['-p', 'tsconfig.entry.json'],
    project.dir,
  );
  assert.equal(code, 0, output);
});
