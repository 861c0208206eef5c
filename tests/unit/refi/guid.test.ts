import { describe, expect, it } from 'vitest';
import { normGuid } from '../../../core/server/refi/guid.js';

describe('normGuid', () => {
  const plain = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('keeps a normal GUID as it is, and makes other spellings of it normal', () => {
    expect(normGuid(plain)).toBe(plain);
    for (const spelled of [plain.toUpperCase(), `{${plain}}`, ` {${plain.toUpperCase()}} `])
      expect(normGuid(spelled)).toBe(plain);
  });

  it('refuses what is not a GUID', () => {
    for (const bad of ['', 'abc', `${plain}x`, plain.replace(/-/g, ''), `{${plain}`.slice(0, 36)])
      expect(normGuid(bad)).toBeNull();
    expect(normGuid(undefined)).toBeNull();
    expect(normGuid(null)).toBeNull();
  });
});
