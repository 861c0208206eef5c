import type { Reader } from '../../../db/access.js';
import {
  findMatches,
  type FoundMatches,
  HIGHLIGHT_CLOSE,
  HIGHLIGHT_OPEN,
  indexedWords,
  keepIndexedWords,
  wordListFile,
} from '../../../db/queries/fulltext.js';
import {
  RANK_AT_MOST,
  type SearchFilters,
  type SearchHit,
  type SearchOrder,
  type Snippet,
} from '../../shared/contract/search.js';
import { CasusError } from '../../shared/errors.js';
import { parseQuery, QueryError, toFtsMatch, type QueryNode } from './query.js';
import { wordStandIn } from './word-standin.js';
import { readWordListInWorker } from './words/worker.js';

interface Range {
  start: number;
  end: number;
}

/** Reads the matched ranges (block-relative) from FTS5 highlight() output. */
export function markedRanges(marked: string, original: string): Range[] {
  const ranges: Range[] = [];
  let plain = '';
  let open = -1;
  for (const ch of marked) {
    if (ch === HIGHLIGHT_OPEN) open = plain.length;
    else if (ch === HIGHLIGHT_CLOSE && open >= 0) {
      if (plain.length > open) ranges.push({ start: open, end: plain.length });
      open = -1;
    } else plain += ch;
  }
  return plain === original ? ranges : [];
}

/** A window of about `length` characters around the first match, cut at spaces. */
export function makeSnippet(text: string, matches: Range[], length: number): Snippet {
  if (text.length <= length) {
    return { text, highlights: matches, cutStart: false, cutEnd: false };
  }
  const first = matches[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < first) start = space + 1;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start && space > (matches[0]?.end ?? 0)) end = space;
  }
  // Never split a surrogate pair at either edge.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end++;
  const highlights = matches
    .filter((m) => m.end > start && m.start < end)
    .map((m) => ({ start: Math.max(m.start, start) - start, end: Math.min(m.end, end) - start }));
  return {
    text: text.slice(start, end),
    highlights,
    cutStart: start > 0,
    cutEnd: end < text.length,
  };
}

export interface FullTextInput {
  query: string;
  insideWords: boolean;
  filters: SearchFilters;
  limit: number;
  snippetLength: number;
  order: SearchOrder;
}

/** Parses and compiles the query, explaining a malformed one as a CasusError the user can act on. */
export function compileOrExplain(
  query: string,
  insideWords: boolean,
): { tree: QueryNode; match: string } {
  try {
    const tree = parseQuery(query);
    return { tree, match: toFtsMatch(tree, insideWords) };
  } catch (e) {
    if (e instanceof QueryError) {
      throw new CasusError(
        'invalid_input',
        `Cannot search for ${JSON.stringify(query)}: ${e.message}`,
        {
          position: e.position,
        },
      );
    }
    throw e;
  }
}

/** Whether FTS5 needs the words' positions to match the query: a phrase of words, or NEAR. */
function needsPositions(node: QueryNode): boolean {
  switch (node.kind) {
    case 'near':
      return true;
    case 'term':
    case 'phrase':
      return (node.text.match(/[\p{L}\p{N}]+/gu) ?? []).length > 1;
    case 'and':
    case 'or':
      return node.items.some(needsPositions);
    case 'not':
      return needsPositions(node.left) || needsPositions(node.right);
  }
}

/**
 * The project files whose words a worker is reading now (one reading per file at a time), with
 * the connections waiting for them: a second connection to the same file (another session, the
 * bench) that asks meanwhile gets them from the same reading.
 */
const beingRead = new Map<string, Set<Reader>>();

/**
 * Reads the word index's words for the next inside-word search: reading them costs more than one
 * search through the trigram index (10,000 sources: ~300 ms against ~100), so the first search
 * after opening the project or an import does not wait for them. Any search starts the reading,
 * so that a user who searches by words and then ticks "inside words" finds them read.
 * A project file's words are read by a worker thread on a connection of its own and kept by each
 * waiting connection whose index has not changed meanwhile; a project in memory or shown as it
 * was reads them here once this search has answered. A project closed meanwhile, or a write
 * begun, leaves them unread.
 */
function readWordsLater(r: Reader): void {
  const file = wordListFile(r);
  if (file === null) {
    setImmediate(() => {
      try {
        indexedWords(r);
      } catch {
        // The connection was closed: the next project's first search reads them.
      }
    }).unref();
    return;
  }
  const waiting = beingRead.get(file);
  if (waiting) {
    waiting.add(r);
    return;
  }
  const readers = new Set([r]);
  beingRead.set(file, readers);
  readWordListInWorker(file)
    .then((list) => {
      if (!list) return;
      for (const reader of readers)
        try {
          keepIndexedWords(reader, list);
        } catch {
          // That connection was closed meanwhile.
        }
    })
    .catch(() => {
      // The file went away or the worker stopped: the next search asks again.
    })
    .finally(() => beingRead.delete(file));
}

/**
 * Hits with snippets and counts per case (see findMatches for how they are read). A ranked
 * phrase is ranked first and counted on the way; inside words, a query of plain substrings is
 * counted in the word index's words that hold them (wordStandIn) when it can stand in and its
 * words have been read.
 */
export function fullTextSearch(r: Reader, input: FullTextInput) {
  const { tree, match } = compileOrExplain(input.query, input.insideWords);
  let found: FoundMatches;
  try {
    let sameBlocks: string | null | undefined;
    const words = indexedWords(r, { read: false });
    if (words === undefined) readWordsLater(r);
    else if (words && input.insideWords) sameBlocks = wordStandIn(tree, words);
    found = findMatches(r, {
      match,
      insideWords: input.insideWords,
      filters: input.filters,
      limit: input.limit,
      order: input.order,
      rankAtMost: RANK_AT_MOST,
      rankFirst: !input.insideWords && needsPositions(tree),
      sameBlocks,
    });
  } catch (e) {
    // The compiled expression is always well-formed; this guards against engine limits.
    const reason = e instanceof Error ? e.message : String(e);
    throw new CasusError(
      'invalid_input',
      `Cannot search for ${JSON.stringify(input.query)}: ${reason}`,
    );
  }
  const { perCase, order } = found;
  const hits: SearchHit[] = [];
  for (const r of found.blocks) {
    const local = markedRanges(r.marked, r.text);
    const matches = local.map((m) => ({ start: r.start + m.start, end: r.start + m.end }));
    const hit =
      matches.length > 0
        ? {
            start: (matches[0] as Range).start,
            end: Math.max(...matches.map((m) => m.end)),
          }
        : { start: r.start, end: r.end };
    hits.push({
      blockId: r.id,
      blockSeq: r.seq,
      sourceId: r.source_id,
      sourceTitle: r.title,
      caseId: r.case_id,
      date: r.date,
      documentType: r.document_type,
      respondentPseudonym: r.pseudonym,
      block: { start: r.start, end: r.end },
      hit,
      matches,
      snippet: makeSnippet(r.text, local, input.snippetLength),
      score: r.score,
    });
  }
  return {
    match,
    total: perCase.reduce((sum, c) => sum + c.n, 0),
    order,
    hits,
    perCase: perCase.map((c) => ({ caseId: c.case_id, count: c.n })),
  };
}

const SENTENCE_END = /[.!?…]/;

/**
 * The range to code for a hit: the hit itself, its sentence, or its paragraph (block), trimmed
 * of surrounding white space. `blocks` are the source's blocks that overlap the hit.
 */
export function unitRange(
  text: string,
  blocks: Range[],
  hit: Range,
  unit: 'hit' | 'sentence' | 'paragraph',
): Range {
  const lo = blocks.length ? Math.min(...blocks.map((b) => b.start)) : hit.start;
  const hi = blocks.length ? Math.max(...blocks.map((b) => b.end)) : hit.end;
  let start = hit.start;
  let end = hit.end;
  if (unit === 'paragraph') {
    start = lo;
    end = hi;
  } else if (unit === 'sentence') {
    start = hit.start;
    while (
      start > lo &&
      !(SENTENCE_END.test(text[start - 1] ?? '') && /\s/.test(text[start] ?? ''))
    )
      start--;
    end = hit.end;
    while (end < hi && !(SENTENCE_END.test(text[end - 1] ?? '') && /\s/.test(text[end] ?? '')))
      end++;
  }
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}
