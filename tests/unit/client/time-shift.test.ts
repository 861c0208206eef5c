import { describe, expect, it } from 'vitest';
import { createClient } from '../../../core/client/client.js';
import { isTimeShift } from '../../../core/client/reads.js';

/** A transport that answers every call as the server does after time travel: '*' changed. */
const everythingChanged = async () => ({ ok: true as const, value: { ok: true }, changed: ['*'] });

describe('time travel in the client', () => {
  it('tells the cache that travelling and coming back changed everything, and which method did', async () => {
    const told: { changed: string[]; method: string }[] = [];
    const client = createClient(everythingChanged, {
      onChanged: (changed, method) => told.push({ changed, method }),
    });
    await client.call('history.present', {});
    await client.call('project.open', { path: 'x.casus' });
    expect(told).toEqual([
      { changed: ['*'], method: 'history.present' },
      { changed: ['*'], method: 'project.open' },
    ]);
  });

  it('keeps the views in place for a move in time, not for another project', () => {
    expect(isTimeShift('history.travel')).toBe(true);
    expect(isTimeShift('history.present')).toBe(true);
    expect(isTimeShift('project.open')).toBe(false);
    expect(isTimeShift('project.create')).toBe(false);
  });
});
