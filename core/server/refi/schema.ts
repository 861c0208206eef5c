import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { RefiError } from './errors.js';

export type RefiSchemaKind = 'project' | 'codebook';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

const SCHEMA_FILES: Record<RefiSchemaKind, string> = {
  project: 'Project-mrt2019.xsd',
  codebook: 'Codebook.xsd',
};

const cache = new Map<RefiSchemaKind, string>();

/** The bundled REFI-QDA 1.5 schema text (MIT, see schemas/LICENSE.md). */
export function schemaText(kind: RefiSchemaKind): string {
  let text = cache.get(kind);
  if (text === undefined) {
    text = readFileSync(new URL(`./schemas/${SCHEMA_FILES[kind]}`, import.meta.url), 'utf8');
    cache.set(kind, text);
  }
  return text;
}

export interface SchemaResult {
  valid: boolean;
  errors: string[];
}

/** Error lines kept for the verdict (the count covers all of them). */
const MAX_ERROR_LINES = 50;
/** Pieces the validator is handed: a copy each, so a large document is not copied at once. */
const PIECE_BYTES = 4 * 1024 * 1024;
/** Pieces a reader may post ahead of the validator (`ready`) before it waits for it. */
const PIECES_AHEAD = 64;
/** WebAssembly pages of 64 KiB: streaming needs little; 1 GiB is the ceiling we accept. */
const INITIAL_PAGES = 256;
const MAX_PAGES = 16384;

interface ValidatorReply {
  id: number;
  exitCode: number;
  errors: string[];
  errorCount: number;
  parseFailed: boolean;
  fatal?: string;
}

/** A verdict, and whether the document could not even be parsed (not well-formed). */
interface Verdict extends SchemaResult {
  parseFailed: boolean;
}

interface Job {
  resolve: (r: Verdict) => void;
  reject: (e: Error) => void;
}

/**
 * The validator's threads: one per validation under way, and one kept idle for the next, so a
 * thread and its compiled WebAssembly module are not made anew for every file. An idle thread
 * does not keep the process alive.
 */
class ValidatorThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private nextId = 1;
  private readonly xmllintDir = dirname(createRequire(import.meta.url).resolve('xmllint-wasm'));

  /** Starts a thread that loads and compiles the validator, when none is waiting. */
  warm(): void {
    if (this.idle.length > 0) return;
    const w = this.start();
    w.unref();
    w.postMessage({ warm: true, xmllintDir: this.xmllintDir });
    this.idle.push(w);
  }

  /** Validates what arrives on `port`; `wellFormed` only parses it (for the line of an error). */
  run(
    kind: RefiSchemaKind,
    port: MessagePort,
    signal: Int32Array,
    wellFormed = false,
  ): Promise<Verdict> {
    const w = this.idle.pop() ?? this.start();
    w.ref();
    return new Promise((resolve, reject) => {
      this.busy.set(w, { resolve, reject });
      w.postMessage(
        {
          validate: true,
          wellFormed,
          id: this.nextId++,
          xmllintDir: this.xmllintDir,
          schemaName: SCHEMA_FILES[kind],
          schemaText: schemaText(kind),
          port,
          signal,
          maxErrors: MAX_ERROR_LINES,
          initialPages: INITIAL_PAGES,
          maxPages: MAX_PAGES,
        },
        [port],
      );
    });
  }

  private start(): Worker {
    const w = new Worker(new URL('./schemas/validator-thread.mjs', import.meta.url), {
      stdout: false,
      stderr: false,
    });
    w.on('message', (reply: ValidatorReply) => {
      const job = this.busy.get(w);
      this.busy.delete(w);
      if (this.idle.length === 0) {
        w.unref();
        this.idle.push(w);
      } else void w.terminate();
      if (!job) return;
      if (reply.fatal !== undefined) job.reject(new Error(reply.fatal));
      else job.resolve(verdictOf(reply));
    });
    const fail = (why: string) => {
      const job = this.busy.get(w);
      this.busy.delete(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      job?.reject(new Error(why));
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', () => fail('the validator stopped unexpectedly'));
    return w;
  }
}

function verdictOf(r: ValidatorReply): Verdict {
  if (r.exitCode === 0) return { valid: true, errors: [], parseFailed: false };
  const errors = r.errors.map((line) => {
    const m = /^(\d+): (.*)$/s.exec(line);
    return m ? `line ${m[1]}: ${m[2]}` : line;
  });
  if (r.errorCount > errors.length) errors.push(`… and ${r.errorCount - errors.length} more`);
  if (r.parseFailed) errors.push('the XML is not well-formed');
  if (errors.length === 0) errors.push(`the validator ended with code ${r.exitCode}`);
  return { valid: false, errors, parseFailed: r.parseFailed };
}

let threads: ValidatorThreads | null = null;

/**
 * Has a validator's thread start and compile libxml2 now (on another core), so that it is ready
 * when a document comes: an export calls this before it reads the project.
 */
export function warmSchemaValidator(): void {
  (threads ??= new ValidatorThreads()).warm();
}

/** A validation fed while the document is still being written. */
export interface SchemaValidation {
  /** Hands the validator the next bytes of the document (it keeps a copy). */
  write(chunk: Uint8Array): void;
  /**
   * Resolves once the validator is no more than a few pieces behind (or has finished): a reader
   * faster than the validator waits here, so the pieces in between never pile up in memory.
   */
  ready(): Promise<void>;
  /** Ends the document; resolves with the verdict, never rejects (see startSchemaValidation). */
  end(): Promise<SchemaResult>;
}

/** Atomics.waitAsync (Node 16+; in TypeScript's ES2024 library, newer than this project's). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** Feeds a validator's thread over a channel of its own (see validator-thread.mjs). */
function feed(kind: RefiSchemaKind, wellFormed: boolean) {
  const { port1, port2 } = new MessageChannel();
  // [pieces posted, pieces the validator has taken]
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const verdict = (threads ??= new ValidatorThreads())
    .run(kind, port2, signal, wellFormed)
    .catch((e: unknown): Verdict => ({
      valid: false,
      errors: [`the schema validator failed: ${e instanceof Error ? e.message : String(e)}`],
      parseFailed: false,
    }));
  let ended = false;
  let finished = false;
  void verdict.then(() => {
    finished = true;
  });
  const post = (piece: Uint8Array | null) => {
    if (piece) port1.postMessage(piece, [piece.buffer as ArrayBuffer]);
    else port1.postMessage(null);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  return {
    write(chunk: Uint8Array): void {
      if (ended) throw new Error('the schema validation has ended');
      // A view is posted as its whole buffer: each piece is copied out (and moved, not cloned).
      // A copy by construction: a Buffer's `slice` shares its memory, and moving that would
      // empty the caller's bytes.
      for (let at = 0; at < chunk.length; at += PIECE_BYTES)
        post(new Uint8Array(chunk.subarray(at, Math.min(at + PIECE_BYTES, chunk.length))));
    },
    async ready(): Promise<void> {
      for (;;) {
        const taken = Atomics.load(signal, 1);
        if (finished || Atomics.load(signal, 0) - taken <= PIECES_AHEAD) return;
        const waiting = waitAsync(signal, 1, taken);
        // A validator that stops early (a document it cannot parse) takes no more pieces.
        if (waiting.async) await Promise.race([waiting.value, verdict]);
      }
    },
    end(): Promise<Verdict> {
      if (!ended) {
        ended = true;
        post(null);
        port1.close();
      }
      return verdict;
    },
  };
}

/**
 * Validates with libxml2 compiled to WebAssembly, so every platform gives the same answer and no
 * external program is needed, in its streaming mode and in its own thread: the document is
 * validated while it is written (or parsed) here. The caller must have refused DOCTYPEs already.
 */
export function streamSchemaValidation(kind: RefiSchemaKind): SchemaValidation {
  const v = feed(kind, false);
  return {
    write: (chunk) => v.write(chunk),
    ready: () => v.ready(),
    end: async () => {
      const { valid, errors } = await v.end();
      return { valid, errors };
    },
  };
}

/** Validates a whole document (see streamSchemaValidation); never rejects. */
export async function validateAgainstSchema(
  xml: string | Uint8Array,
  kind: RefiSchemaKind,
): Promise<SchemaResult> {
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  const v = feed(kind, false);
  v.write(bytes);
  const verdict = await v.end();
  if (!verdict.parseFailed) return { valid: verdict.valid, errors: verdict.errors };
  // Not well-formed: parsed once more, without the schema, for the line and the reason.
  const parse = feed(kind, true);
  parse.write(bytes);
  const parsed = await parse.end();
  return { valid: false, errors: parsed.valid ? verdict.errors : parsed.errors };
}

export async function assertSchemaValid(
  xml: string | Uint8Array,
  kind: RefiSchemaKind,
  file: string,
): Promise<void> {
  schemaVerdict(await validateAgainstSchema(xml, kind), kind, file);
}

/**
 * Starts validating in the validator's own thread, so the caller can parse or pack meanwhile and
 * ask for the verdict when it needs it (`schemaVerdict`). The promise never rejects: a validator
 * that fails counts as a failed validation, so nothing goes unnoticed while nobody awaits it.
 */
export function startSchemaValidation(
  xml: string | Uint8Array,
  kind: RefiSchemaKind,
): Promise<SchemaResult> {
  return validateAgainstSchema(xml, kind).catch((e: unknown) => ({
    valid: false,
    errors: [`the schema validator failed: ${e instanceof Error ? e.message : String(e)}`],
  }));
}

/** Throws the schema error for a failed validation. */
export function schemaVerdict(r: SchemaResult, kind: RefiSchemaKind, file: string): void {
  if (!r.valid) {
    const what = kind === 'project' ? 'REFI-QDA project schema' : 'REFI-QDA codebook schema';
    throw new RefiError(
      'schema_invalid',
      file,
      `the XML does not follow the ${what} (${r.errors.length} error${r.errors.length === 1 ? '' : 's'})`,
      r.errors.slice(0, 5),
    );
  }
}
