// The schema validator's thread: libxml2's xmllint (xmllint-wasm) validating a document that
// arrives in chunks while it is still being written, in libxml2's streaming mode (no tree, so a
// large project costs megabytes, not hundreds of them). It lives beside the schemas because both
// builds copy this folder as it is: the thread is plain JavaScript and needs no compiler.
//
// One thread serves one validation at a time and is kept for the next: the WebAssembly module is
// compiled once per thread. A job brings a MessagePort for its chunks (Uint8Array, then null) and
// a shared Int32Array the sender bumps after each chunk (index 0), so this thread can block while
// libxml2 waits for input (it reads synchronously inside WebAssembly, the event loop does not
// run); this thread counts the chunks it has taken at index 1, so the sender can wait for it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';

let xmllint = null;
let compiled = null;

/** The runtime (a CommonJS script of the package) and its compiled module, loaded once. */
function load(dir) {
  if (xmllint) return;
  xmllint = createRequire(join(dir, 'package.json'))('./xmllint-node.js');
  compiled = new WebAssembly.Module(readFileSync(join(dir, 'xmllint.wasm')));
}

/** A stdin for libxml2 that hands out the job's chunks byte by byte, blocking until one comes. */
function chunkedInput(port, signal) {
  let chunk = new Uint8Array(0);
  let pos = 0;
  let ended = false;
  return () => {
    while (pos >= chunk.length && !ended) {
      const seen = Atomics.load(signal, 0);
      const got = receiveMessageOnPort(port);
      if (got === undefined) Atomics.wait(signal, 0, seen);
      else if (got.message === null) ended = true;
      else {
        // Taken: the sender may write further ahead (it waits on this count when far ahead).
        Atomics.add(signal, 1, 1);
        Atomics.notify(signal, 1);
        chunk = got.message;
        pos = 0;
      }
    }
    return pos < chunk.length ? chunk[pos++] : null;
  };
}

function validate(job) {
  load(job.xmllintDir);
  const errors = [];
  let errorCount = 0;
  let parseFailed = false;
  let done = false;
  const finish = (reply) => {
    if (done) return;
    done = true;
    job.port.close();
    parentPort.postMessage({ id: job.id, errors, errorCount, parseFailed, ...reply });
  };
  // Streaming, libxml2 says only that a document that is not well-formed "failed to parse"; the
  // caller can then ask for a parse without the schema (`wellFormed`), which names the line.
  xmllint({
    inputFiles: job.wellFormed ? [] : [{ fileName: job.schemaName, contents: job.schemaText }],
    arguments: job.wellFormed
      ? ['--noout', '/dev/stdin']
      : ['--schema', job.schemaName, '--noout', '--stream', '/dev/stdin'],
    stdin: chunkedInput(job.port, job.signal),
    print() {},
    printErr(line) {
      // The last line names the verdict ("validates", "fails to validate"); the rest are errors.
      if (line === '' || /^\/dev\/stdin (validates|fails to validate)$/.test(line)) return;
      if (line === '/dev/stdin : failed to parse') {
        parseFailed = true;
        return;
      }
      // A parse names its error on one line, then quotes the line and points at the column.
      if (job.wellFormed && !line.startsWith('/dev/stdin:')) return;
      errorCount++;
      if (errors.length < job.maxErrors) errors.push(line.replace(/^\/dev\/stdin:/, ''));
    },
    onExit(exitCode) {
      finish({ exitCode });
    },
    onAbort(reason) {
      finish({ exitCode: -1, fatal: String(reason) });
    },
    wasmMemory: new WebAssembly.Memory({ initial: job.initialPages, maximum: job.maxPages }),
    instantiateWasm(imports, ready) {
      WebAssembly.instantiate(compiled, imports).then(
        (instance) => ready(instance, compiled),
        (e) => finish({ exitCode: -1, fatal: String(e) }),
      );
      return {};
    },
  }).catch((e) => finish({ exitCode: -1, fatal: String(e) }));
}

parentPort.on('message', (msg) => {
  if (msg && msg.validate === true) validate(msg);
  else if (msg && msg.warm === true) load(msg.xmllintDir);
});
