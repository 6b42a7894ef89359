/**
 * Tandem as a shop installs it: `npm pack` of this repository (what `files` ships), unpacked into
 * `node_modules/tandem` of a project in a temporary directory. The project's other packages (lit,
 * react, vue, typescript, vite, ...) are links to this repository's node_modules: no install, no
 * network, and one copy of each package.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Packs the package (build it first) into `dir`; returns the tarball's path. */
export async function pack(packageDir: string, dir: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: packageDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return join(dir, filename);
}

/**
 * Packs the package in `packageDir` and installs it as `node_modules/<name>` of the project in
 * `dir`, beside links to every package of this repository's node_modules; returns the tarball.
 */
export async function installPacked(packageDir: string, name: string, dir: string): Promise<string> {
  const tarball = await pack(packageDir, dir);
  const modules = join(dir, 'node_modules');
  await mkdir(join(modules, name), { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', join(modules, name), '--strip-components=1']);
  for (const entry of await readdir(join(REPO_ROOT, 'node_modules'))) {
    if (entry === name || entry.startsWith('.')) continue;
    await symlink(join(REPO_ROOT, 'node_modules', entry), join(modules, entry));
  }
  return tarball;
}

export interface ConsumerProject {
  dir: string;
  tarball: string;
  remove(): Promise<void>;
}

/**
 * A project in a temporary directory with the packed Tandem installed, and the files of
 * `test/interop/<name>/` copied in (when a name is given).
 */
export async function consumerProject(name?: string): Promise<ConsumerProject> {
  const dir = await mkdtemp(join(tmpdir(), `tandem-${name ?? 'consumer'}-`));
  const tarball = await installPacked(REPO_ROOT, 'tandem', dir);
  if (name) await cp(join(REPO_ROOT, 'test', 'interop', name), dir, { recursive: true });
  return { dir, tarball, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs a package's command-line tool from this repository's node_modules, in `cwd`. */
export async function tool(
  bin: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(REPO_ROOT, bin), ...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
