import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameworkCell, reviewStudy } from './fixture.js';

/** The text of a DOCX: its paragraphs' runs, one paragraph per line. */
function docxText(base64: string): string {
  const xml = strFromU8(
    unzipSync(Buffer.from(base64, 'base64'))['word/document.xml'] as Uint8Array,
  );
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'");
}

const htmlText = (base64: string) =>
  Buffer.from(base64, 'base64')
    .toString()
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('the minutes of a session', () => {
  let html = '';
  let docx = '';
  let htmlEn = '';
  const said = [
    'Dit herkennen wij volledig.',
    'De cofinanciering speelde bij ons geen rol.',
    'Ook de provincie was erbij betrokken.',
    'Hoe is het aantal segmenten geteld?',
    'Besluit: het voorbeeld van de mestregels blijft staan.',
  ];

  beforeAll(async () => {
    const { p, session } = await reviewStudy();
    // A respondent's real name is confidential: the minutes must never carry it.
    p.db
      .prepare("UPDATE respondents SET real_name = 'Geheime Naam' WHERE pseudonym = 'ACH-R1'")
      .run();
    await p.call('review.participants.save', {
      sessionId: session.id,
      name: 'Anna Jansen',
      organisation: 'Gemeente Winterswijk',
      caseRef: 'achterhoek',
      role: 'trekker',
    });
    await p.call('review.participants.save', {
      sessionId: session.id,
      name: 'Bert Bos',
      organisation: 'Ministerie van LNV',
      role: 'rijksdealmaker',
      listing: 'role',
    });
    await p.call('review.participants.save', {
      sessionId: session.id,
      name: 'Carla Claes',
      listing: 'hidden',
    });
    const cell = frameworkCell(p, 'multi-level', 'institutioneel', 'achterhoek');
    const one = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'framework',
      focus: { kind: 'cell', ...cell },
      question: 'Herkent u dit?',
      show: { quotes: 3 },
    });
    const two = await p.call('review.items.add', {
      sessionId: session.id,
      matrix: 'Factoren × casussen',
      question: 'Speelt deze factor ook bij u?',
    });
    await p.call('review.items.add', { sessionId: session.id, matrix: 'framework' });
    await p.call('review.present', { sessionId: session.id, itemId: one.id });
    const r0 = await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 1,
      tag: 'recognised',
      text: said[0] as string,
      by: 'Anna Jansen',
    });
    await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 1,
      tag: 'disputed',
      text: said[1] as string,
      by: 'Bert Bos',
      cell,
    });
    await p.call('review.present', { sessionId: session.id, itemId: two.id });
    await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 2,
      tag: 'addition',
      text: said[2] as string,
      by: 'Carla Claes',
    });
    await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 2,
      tag: 'question',
      text: said[3] as string,
    });
    // Back to the first item for a decision, shown to the room in the footer.
    const decision = await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 1,
      tag: 'decision',
      text: said[4] as string,
    });
    await p.call('review.present', {
      sessionId: session.id,
      itemId: one.id,
      footerRemarkId: decision.id,
    });
    expect(r0.n).toBe(1);
    await p.call('review.sessions.update', { id: session.id, closed: true });
    // The team's minutes: as the session went (the audiences are tested in confidentiality/).
    const get = (format: 'html' | 'docx', lang: 'nl' | 'en') =>
      p.call('review.minutes', {
        sessionId: session.id,
        format,
        lang,
        audience: { kind: 'team', hideCases: false },
      });
    const h = await get('html', 'nl');
    expect(h.filename).toBe('Verslag-groepsreview-Terugkoppeling-casussen-2022-03-14.html');
    html = htmlText(h.base64);
    docx = docxText((await get('docx', 'nl')).base64);
    htmlEn = htmlText((await get('html', 'en')).base64);
  });

  it('holds every remark once, numbered, in order under its item, with tag and attribution', () => {
    for (const text of [html, docx]) {
      for (const s of said) expect(occurrences(text, s), s).toBe(1);
      const at = said.map((s) => text.indexOf(s));
      // Item 1's remarks (1, 2, 5) come before item 2's (3, 4).
      expect(at[0]).toBeLessThan(at[1] as number);
      expect(at[1]).toBeLessThan(at[4] as number);
      expect(at[4]).toBeLessThan(at[2] as number);
      expect(at[2]).toBeLessThan(at[3] as number);
      expect(text).toContain(`#1 [herkend] ${said[0]} — Anna Jansen`);
      expect(text).toMatch(
        new RegExp(
          `#2 \\[betwist\\] ${said[1]} — Ministerie van LNV — rijksdealmaker \\(vak: Samenwerking: multi-level — Institutioneel × Achterhoek\\)`,
        ),
      );
      expect(text).toContain(`#3 [aanvulling] ${said[2]} — een deelnemer`);
      expect(text).toContain(`#4 [vraag] ${said[3]} — de zaal`);
      expect(text).toContain(`#5 [besluit] ${said[4]} — de zaal (getoond aan de zaal)`);
    }
  });

  it('lists participants as the facilitator chose, and never a real name of a respondent', () => {
    for (const text of [html, docx]) {
      expect(text).toContain('Anna Jansen (Gemeente Winterswijk, Achterhoek — trekker)');
      expect(text).toContain('Ministerie van LNV — rijksdealmaker');
      expect(text).not.toContain('Bert Bos');
      expect(text).not.toContain('Carla Claes');
      expect(text).toContain('en 1 deelnemer die niet bij naam genoemd wordt');
      expect(text).not.toContain('Geheime Naam');
      // Quotes carry pseudonyms.
      expect(text).toMatch(/” \(ACH-R\d\)/);
    }
  });

  it('says per item what was shown, the question, the items not shown, and the follow-ups', () => {
    for (const text of [html, docx]) {
      expect(text).toContain('Agendapunt 1: Framework: Uitgangspunten × casussen');
      expect(text).toContain('Herkent u dit?');
      expect(text).toContain('Speelt deze factor ook bij u?');
      expect(text).toMatch(/Getoond om \d\d:\d\d/);
      expect(text).toContain('tot 3 citaten per vak (onder pseudoniem)');
      expect(text).toContain('De financiële spelregels van het Rijk');
      expect(text).toContain('Agendapunt 3');
      expect(text).toContain('Niet getoond tijdens de sessie.');
      expect(text).toContain('#2 (betwist): open');
      expect(text).toContain('#5 (besluit): open');
    }
    expect(htmlEn).toContain('Minutes of group review: Terugkoppeling casussen');
    expect(htmlEn).toContain('#4 [question] Hoe is het aantal segmenten geteld? — the room');
  });
});
