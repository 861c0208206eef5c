import type { WordList } from '../../../../db/queries/fulltext.js';
import { KeptWorker, workerEntry } from '../../workers/kept-worker.js';

export interface WordsRequest {
  id: number;
  /** The project file whose word index is read. */
  path: string;
}

export type WordsReply =
  { id: number; ok: true; list: WordList | null } | { id: number; ok: false; message: string };

/**
 * Reads the word index's words for inside-word search in a worker thread (a pass over the whole
 * index: ~300 ms at 10,000 sources), so the thread that answers the workbench is never held up
 * by it.
 */
const wordsWorker = new KeptWorker<Omit<WordsRequest, 'id'>, WordsReply, WordList | null>({
  entry: workerEntry(import.meta.url, './words-worker.mjs'),
  failure: (why) => new Error(why),
  crashed: (e) => `the word-list worker failed: ${e.message}`,
  exited: 'the word-list worker stopped unexpectedly',
  answer: (reply) => (reply.ok ? reply.list : new Error(reply.message)),
});

export const readWordListInWorker = (path: string): Promise<WordList | null> =>
  wordsWorker.run({ path });

/** Stops the worker (tests, shutdown); a reading under way fails as stopped. */
export const closeWordsWorker = (): Promise<void> =>
  wordsWorker.close('the word list was not read: stopped');
