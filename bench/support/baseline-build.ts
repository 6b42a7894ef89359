/**
 * A baseline for a benchmark: an earlier commit of this repository, exported and built once into a
 * temporary directory (it shares this checkout's node_modules), so a bench compares before and after
 * in the same run on the same machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The commit just before the first one whose change to `path` added or removed `marker` (git's
 * pickaxe), built with the library and CDN steps; its root directory, or null outside a git checkout.
 */
export function baselineBefore(marker: string, path: string): string | null {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  let sha: string;
  try {
    const first = git('log', '--format=%H', '--reverse', '-S', marker, '--', path).split('\n')[0];
    if (!first) return null;
    sha = git('rev-parse', `${first}^`);
  } catch {
    return null;
  }
  const dir = join(tmpdir(), `tandem-baseline-${sha.slice(0, 12)}`);
  if (existsSync(join(dir, 'dist', 'cdn', 'tandem.js'))) return dir;
  console.log(`building the baseline (${sha.slice(0, 12)}) in ${dir} …`);
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], { cwd: ROOT });
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const step of [
    ['lit-localize', 'build'],
    ['tsc', '-p', 'tsconfig.build.json'],
    ['vite', 'build', '--logLevel', 'warn'],
  ]) {
    execFileSync(join(ROOT, 'node_modules', '.bin', step[0]!), step.slice(1), { cwd: dir, stdio: 'inherit' });
  }
  return dir;
}

/** The one-file CDN build from before the launcher (TANDEM_BASELINE_CDN overrides it). */
export function oneFileCdnBaseline(): string | null {
  if (process.env.TANDEM_BASELINE_CDN) return process.env.TANDEM_BASELINE_CDN;
  const root = baselineBefore('createLauncher', 'src/launcher/tandem.ts');
  return root ? join(root, 'dist', 'cdn') : null;
}
