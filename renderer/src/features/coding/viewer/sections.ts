import { createEditor, type EditorThemeClasses, type LexicalEditor, type NodeKey } from 'lexical';
import { VIEWER_NODES } from '../lexicalDoc.js';
import type { SectionEditors } from './sectionedDoc.js';

/** What the viewer's parts ask of its text: its element, and the element of a node by key. */
export interface ViewerText {
  /** The element holding the text (the viewer's `.source-text`), null before it is mounted. */
  getRootElement(): HTMLElement | null;
  /** The element of a node of the document (node keys are unique across the sections). */
  getElementByKey(key: NodeKey): HTMLElement | null;
  /** The section's editor a DOM node of the text is in. */
  editorOf(node: Node): LexicalEditor | null;
}

/**
 * The viewer's text as sections, each a read-only Lexical editor of its own whose root is a
 * `div.src-section` in the viewer's text element. Lexical compares the whole text of an
 * editor's root on every update (its cached text content): a million characters cost some
 * 5 ms a coding, for a text that never changes. In sections of a few chunks each, a coding
 * updates the editor of its section only.
 */
export class ViewerSections implements ViewerText, SectionEditors {
  private readonly editors: LexicalEditor[] = [];
  private readonly roots: HTMLElement[] = [];
  private readonly byRoot = new WeakMap<Element, LexicalEditor>();
  private container: HTMLElement | null = null;
  /** The section the last key was found in: runs asked for one after another are near. */
  private last = 0;

  constructor(
    private readonly theme: EditorThemeClasses,
    private readonly onError: (message: string) => void,
  ) {}

  /** Puts the sections in `el` (the viewer's text element), or takes them out (null). */
  setContainer(el: HTMLElement | null): void {
    if (el === this.container) return;
    this.editors.forEach((editor, i) => {
      editor.setRootElement(null);
      this.roots[i]?.remove();
    });
    this.container = el;
    if (el)
      this.editors.forEach((editor, i) => {
        const root = this.roots[i] as HTMLElement;
        el.append(root);
        editor.setRootElement(root);
      });
  }

  /** Section `i`'s editor, made (with its element after the others) when it is new. */
  section(i: number): LexicalEditor {
    while (this.editors.length <= i) {
      const editor = createEditor({
        namespace: 'casus-viewer',
        nodes: VIEWER_NODES,
        editable: false,
        theme: this.theme,
        onError: (e) => this.onError(e.message),
      });
      const root = document.createElement('div');
      root.className = 'src-section';
      this.editors.push(editor);
      this.roots.push(root);
      this.byRoot.set(root, editor);
      if (this.container) {
        this.container.append(root);
        editor.setRootElement(root);
      }
    }
    return this.editors[i] as LexicalEditor;
  }

  /** Keeps the first `n` sections; the others leave the page. */
  keep(n: number): void {
    while (this.editors.length > n) {
      const editor = this.editors.pop() as LexicalEditor;
      editor.setRootElement(null);
      this.roots.pop()?.remove();
    }
    this.last = 0;
  }

  getRootElement(): HTMLElement | null {
    return this.container;
  }

  getElementByKey(key: NodeKey): HTMLElement | null {
    const n = this.editors.length;
    for (let j = 0; j < n; j++) {
      const i = (this.last + j) % n;
      const el = (this.editors[i] as LexicalEditor).getElementByKey(key);
      if (el) {
        this.last = i;
        return el;
      }
    }
    return null;
  }

  editorOf(node: Node): LexicalEditor | null {
    let el: Element | null = node instanceof Element ? node : node.parentElement;
    while (el && el.parentElement !== this.container) el = el.parentElement;
    return el ? (this.byRoot.get(el) ?? null) : null;
  }
}
