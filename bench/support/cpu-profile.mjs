// Loaded with `--import` into a process (NODE_OPTIONS does not take --cpu-prof): profiles it from
// SIGUSR2 (sent once the bench has set up, so set-up does not cloud the profile) to exit, and
// writes a .cpuprofile into $BENCH_CPU_PROF (open it in Chrome's DevTools).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  process.once('SIGUSR2', () => session.post('Profiler.start'));
  // The main thread's session answers synchronously, so this finishes before the process ends.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `hub-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
