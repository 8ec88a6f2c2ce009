// Loaded with `node --import` by bench/scale.ts: prints the process's own peak RSS (KiB) at exit.
import { writeSync } from 'node:fs';
process.on('exit', () => writeSync(2, `\nblast-bench-maxrss ${process.resourceUsage().maxRSS}\n`));
