#!/usr/bin/env node
/**
 * The `tandem-hub` command of the hub package: without arguments (or with `start`) it starts a hub
 * configured by the environment (see main.ts); otherwise it runs the operator CLI (see cli.ts),
 * e.g. `tandem-hub org add acme --origin https://shop.example`.
 */
const args = process.argv.slice(2);
if (args.length === 0 || args[0] === 'start') {
  await import('./main.js');
} else {
  const { runCliProgram } = await import('./cli.js');
  runCliProgram(args);
}

export {};
