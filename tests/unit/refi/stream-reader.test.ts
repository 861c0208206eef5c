import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readQdc, readQde, readQdpx } from '../../../core/server/refi/index.js';
import { packQdpx, refiFixture } from '../../refi-fixtures.js';

/**
 * The model as JSON, with what cannot repeat between runs made stable: GUIDs the file does not
 * hold (fresh ones for reused GUIDs and whole-source segments) and bytes (by length).
 */
function stable(value: unknown, xml: string): unknown {
  const known = xml.toLowerCase();
  const fresh = new Map<string, string>();
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Uint8Array) return `<${v.length} bytes>`;
      if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v) && !known.includes(v)) {
        if (!fresh.has(v)) fresh.set(v, `<fresh guid ${fresh.size + 1}>`);
        return fresh.get(v);
      }
      if (typeof v === 'string')
        return v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{27}/g, (g) =>
          known.includes(g) ? g : (fresh.get(g) ?? g),
        );
      return v;
    }),
  );
}

// The snapshots were written by the tree reader (fast-xml-parser) that the streaming reader
// replaced: the same files must give the same model, report and warnings.
describe('the streaming reader gives the model the tree reader gave', () => {
  it.each(['qc-style', 'nvivo-style'])('%s (.qdpx)', async (folder) => {
    const xml = readFileSync(refiFixture(`${folder}/project.qde`), 'utf8');
    const r = await readQdpx(packQdpx(folder), `${folder}.qdpx`);
    expect(stable({ project: r.project, report: r.report }, xml)).toMatchSnapshot();
  });

  it('atlas-style.qde (bare)', async () => {
    const bytes = new Uint8Array(readFileSync(refiFixture('atlas-style.qde')));
    const r = await readQde(bytes, 'atlas-style.qde');
    const xml = new TextDecoder().decode(bytes);
    expect(stable({ project: r.project, report: r.report }, xml)).toMatchSnapshot();
  });

  it('the ATLAS.ti codebook (.qdc)', async () => {
    const bytes = new Uint8Array(
      readFileSync(refiFixture('atlas234win_codebook_from_requal_test.qdc')),
    );
    const r = await readQdc(bytes, 'codebook.qdc');
    const xml = new TextDecoder().decode(bytes);
    expect(stable({ codebook: r.codebook, report: r.report }, xml)).toMatchSnapshot();
  });
});
