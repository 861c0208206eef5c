/**
 * V8 flags of every process that runs the core for the workbench (the Electron utility process,
 * the server of browser mode and `casus serve`), and of the bench, which runs the core in its own
 * process and must measure what those do.
 *
 * A larger young generation: a retrieval of 1,000 segments allocates about 12 MB (rows, their
 * contexts and codes, the checked output), so with V8's default semi-space of 16 MB nearly every
 * query met a scavenge that copied its half-built answer (6-8 ms each, and the survivors promoted
 * for a later full collection). With 32 MB, one principle × one case at 2,000 sources went from
 * 26-33 / 40-47 ms (median / p95) to 21-32 / 30-38 ms, measured alternately in four pairs of
 * runs; 64 MB was no better. The cost: up to 2 × 16 MB more memory for the semi-spaces.
 */
export const CORE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** Whether this process was started with the core's flags. */
export const hasCoreFlags = (execArgv: readonly string[] = process.execArgv): boolean =>
  CORE_V8_FLAGS.every((f) => execArgv.includes(f));
