// Loaded with `node --import` by bench/montecarlo.ts: at exit, prints the process's peak RSS (KiB),
// its CPU time (µs, every thread), and the CPU time of its threads by kind (ms, from Linux's
// /proc/self/task/<tid>/schedstat): the main thread, the threads started after this hook (worker
// threads: each worker is one thread; those that ran less than 10 ms are left out), and the rest
// (V8's background threads: garbage collection and optimising compilation). A worker's thread is
// gone at exit, so the threads are read every 20 ms while the process runs and each thread's last
// reading counts; a worker is idle between its last batch and its end, so little is missed.
import { readdirSync, readFileSync, writeSync } from 'node:fs';

/** The thread ids of this process now (none without Linux's /proc). */
const tasks = () => {
  try {
    return readdirSync('/proc/self/task');
  } catch {
    return [];
  }
};
const atStart = new Set(tasks());
/** Last CPU reading (ms) per thread id. */
const cpu = new Map();
const read = () => {
  for (const tid of tasks()) {
    try {
      cpu.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
    } catch {
      // the thread ended between the listing and the read
    }
  }
};
setInterval(read, 20).unref();
process.on('exit', () => {
  read();
  const main = cpu.get(String(process.pid)) ?? NaN;
  const workers = [...cpu].filter(([tid, ms]) => !atStart.has(tid) && ms >= 10).map(([, ms]) => ms.toFixed(0));
  const rest = [...cpu].filter(([tid]) => atStart.has(tid) && tid !== String(process.pid)).reduce((s, [, ms]) => s + ms, 0);
  const u = process.resourceUsage();
  writeSync(2, `\nblast-bench ${u.maxRSS} ${u.userCPUTime + u.systemCPUTime} main=${main.toFixed(0)} workers=${workers.join(',')} background=${rest.toFixed(0)}\n`);
});
