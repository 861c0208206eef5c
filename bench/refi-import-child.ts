// One REFI-QDA import in a process of its own (bench/refi.ts spawns it), so that its peak memory
// is the import's own and not the bench process's, which holds the study and the export before
// it. Prints one JSON line: the import's time, the CPU time of all its threads, the peak RSS.
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { createContext } from '../core/server/context.js';
import { Session } from '../core/server/session.js';

const [filePath, outPath] = process.argv.slice(2);
if (!filePath || !outPath) throw new Error('usage: refi-import-child <file.qdpx> <out.casus>');
const ctx = createContext(new Session({ remember: false }));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const r = await dispatch('refi.importProject', { filePath, outPath }, ctx, CLI_CALLER);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    ok: r.ok,
    error: r.ok ? undefined : r.error.message,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    // The high-water mark of the whole process (kB), worker threads included.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
