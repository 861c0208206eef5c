/**
 * Import limits. A document that hits one is refused with a clear reason rather than risking the
 * app's memory or time.
 */
export interface ImportLimits {
  /** Largest file accepted, in bytes. Documented limit: 50 MiB. */
  maxFileBytes: number;
  /** Most bytes a zip container (docx/odt) may expand to, counted while inflating. */
  maxExpandedBytes: number;
  /**
   * Most bytes one part of a zip container (word/document.xml, content.xml) may unpack to,
   * checked against the central directory before inflating and again while inflating. Parsing
   * costs far more than the part's size (mammoth needs about a second per MB on the target
   * machine), so this keeps a parse inside the time and memory limits: 32 MB of Word XML holds
   * some 7 million characters, thousands of pages.
   */
  maxPartBytes: number;
  /**
   * Largest expanded/compressed ratio of a zip container, checked once it has expanded past
   * `ratioCheckAfterBytes` (so small, very repetitive XML parts stay fine).
   */
  maxRatio: number;
  ratioCheckAfterBytes: number;
  /**
   * Deepest element nesting accepted in the XML parts of docx and odt: their readers recurse per
   * level. Real documents stay far below it; HTML is walked without recursion and has no limit.
   */
  maxNesting: number;
  /** Longest plain text accepted, in UTF-16 code units. */
  maxTextLength: number;
  /** Time limit per file when parsing in a worker. */
  timeoutMs: number;
  /** Heap limit of the parse worker. */
  maxWorkerHeapMb: number;
}

export const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: 50 * MiB,
  maxExpandedBytes: 256 * MiB,
  maxPartBytes: 32 * MiB,
  maxRatio: 100,
  ratioCheckAfterBytes: 16 * MiB,
  maxNesting: 500,
  maxTextLength: 20_000_000,
  timeoutMs: 60_000,
  maxWorkerHeapMb: 1024,
};

export function withDefaults(limits?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/** A size for messages: "40 MB", "1.5 MB", "12 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 10 * MiB) return `${Math.round(bytes / MiB)} MB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
