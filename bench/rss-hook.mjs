// Loaded with `node --import` by bench/scale.ts: prints the process's own peak RSS (KiB) and its CPU
// time (user + system, microseconds, every thread) at exit.
import { writeSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(2, `\nblast-bench-maxrss ${u.maxRSS}\nblast-bench-cpu ${u.userCPUTime + u.systemCPUTime}\n`);
});
