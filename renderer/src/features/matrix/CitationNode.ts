import {
  $applyNodeReplacement,
  TextNode,
  type EditorConfig,
  type LexicalNode,
  type LexicalUpdateJSON,
  type NodeKey,
  type SerializedTextNode,
  type Spread,
} from 'lexical';
import { CITATION_NODE } from '../../../../core/shared/matrix/citations.js';

export type SerializedCitationNode = Spread<{ segmentId: string }, SerializedTextNode>;

/**
 * A reference marker in a synthesis ("[2]"): it names the cited segment, and its number follows
 * the markers' order in the text (see CitationsPlugin). A token: deleted or moved as a whole.
 * The server reads `segmentId` from the saved JSON (core/shared/matrix/citations.ts).
 */
export class CitationNode extends TextNode {
  __segmentId: string;

  static override getType(): string {
    return CITATION_NODE;
  }

  static override clone(node: CitationNode): CitationNode {
    return new CitationNode(node.__segmentId, node.__text, node.__key);
  }

  constructor(segmentId = '', text = '[?]', key?: NodeKey) {
    super(text, key);
    this.__segmentId = segmentId;
  }

  getSegmentId(): string {
    return this.getLatest().__segmentId;
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const dom = super.createDOM(config);
    dom.classList.add('citation-marker');
    dom.dataset.segmentId = this.__segmentId;
    return dom;
  }

  static override importJSON(json: SerializedCitationNode): CitationNode {
    return $createCitationNode(json.segmentId).updateFromJSON(json);
  }

  override updateFromJSON(json: LexicalUpdateJSON<SerializedCitationNode>): this {
    return super.updateFromJSON(json);
  }

  override exportJSON(): SerializedCitationNode {
    return { ...super.exportJSON(), segmentId: this.getSegmentId() };
  }

  override canInsertTextBefore(): boolean {
    return false;
  }

  override canInsertTextAfter(): boolean {
    return false;
  }
}

export function $createCitationNode(segmentId: string, text = '[?]'): CitationNode {
  return $applyNodeReplacement(new CitationNode(segmentId, text)).setMode('token');
}

export function $isCitationNode(node: LexicalNode | null | undefined): node is CitationNode {
  return node instanceof CitationNode;
}
