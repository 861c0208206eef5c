import { describe, expect, it } from 'vitest';
import { caretKey } from '../../../renderer/src/features/coding/caretKeys.js';

const key = (
  k: string,
  mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
) => caretKey({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('caret browsing keys in the source viewer', () => {
  it('moves by character and line, extends with Shift', () => {
    expect(key('ArrowRight')).toEqual({
      alter: 'move',
      direction: 'forward',
      granularity: 'character',
    });
    expect(key('ArrowLeft', { shiftKey: true })).toEqual({
      alter: 'extend',
      direction: 'backward',
      granularity: 'character',
    });
    expect(key('ArrowDown', { shiftKey: true })?.granularity).toBe('line');
    expect(key('End')).toEqual({
      alter: 'move',
      direction: 'forward',
      granularity: 'lineboundary',
    });
  });

  it('Ctrl (or Alt on macOS) moves by words and blocks, Ctrl+Home/End to the document edges', () => {
    expect(key('ArrowRight', { ctrlKey: true, shiftKey: true })).toEqual({
      alter: 'extend',
      direction: 'forward',
      granularity: 'word',
    });
    expect(key('ArrowLeft', { altKey: true })?.granularity).toBe('word');
    expect(key('ArrowUp', { ctrlKey: true })).toEqual({
      alter: 'move',
      direction: 'backward',
      granularity: 'paragraph',
    });
    expect(key('Home', { ctrlKey: true })?.granularity).toBe('documentboundary');
  });

  it('leaves every other key alone (typing, digits, editing keys)', () => {
    for (const k of ['a', '1', 'Backspace', 'Delete', 'Enter', 'Tab', 'Escape', ' '])
      expect(key(k)).toBeNull();
  });
});
