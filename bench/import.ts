import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { closeParseWorkers } from '../core/server/import/worker.js';
import { openStudy } from './generate.js';
import type { Measurement } from './harness.js';

const FILES = 200;

/** A Word interview report of about `pages` pages (~3,300 characters a page). */
export async function makeInterviewDocx(seed: number, pages = 5): Promise<Uint8Array> {
  const children: Paragraph[] = [
    new Paragraph({ text: `Interviewverslag ${seed}`, heading: HeadingLevel.HEADING_1 }),
  ];
  for (let p = 0; p < pages * 10; p++) {
    if (p % 10 === 0) {
      children.push(
        new Paragraph({ text: `Thema ${p / 10 + 1}`, heading: HeadingLevel.HEADING_2 }),
      );
    }
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: `Vraag ${p + 1}: `, bold: true }),
          new TextRun(
            `Hoe verliep de samenwerking in de coöperatie (${seed}-${p})? De financiële afspraken ` +
              'van de regio deal werden in één overleg vastgelegd; partners spraken van “een ' +
              'gedeelde agenda” en ‘korte lijnen’ – al bleef de uitvoering lastig. ',
          ),
          new TextRun({ text: 'Men wilde vooral snel resultaat zien.', italics: true }),
        ],
      }),
    );
  }
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

let perSecond = 0;
let peakRssMb = 0;
let characters = 0;
let cpuSeconds = 0;

/**
 * Import: 200 generated ~5-page .docx files, one `import.file` call each, two in flight as the
 * renderer makes them (base64 payload, parse in the worker, one transaction per file), into the generated study.
 * Peak memory is the process RSS (the parse worker is a thread of the same process).
 */
export const measurements: Measurement[] = [
  {
    name: `import.file ${FILES} generated 5-page docx (worker parse + transaction)`,
    n: 1,
    async setup(study) {
      const files: string[] = [];
      for (let i = 0; i < FILES; i++) {
        files.push(Buffer.from(await makeInterviewDocx(i)).toString('base64'));
      }
      return { ...openStudy(study.path), files };
    },
    async run(_study, prepared, run) {
      const { ctx, session, files } = prepared as ReturnType<typeof openStudy> & {
        files: string[];
      };
      peakRssMb = 0;
      characters = 0;
      const sample = () => {
        peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 1024 / 1024);
      };
      const timer = setInterval(sample, 25);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      try {
        // Two calls in flight, as the import dialog makes them: one file parses in a worker
        // while the previous one is written.
        let next = 0;
        const lane = async () => {
          for (let i = next++; i < files.length; i = next++) {
            const r = await dispatch(
              'import.file',
              {
                file: { fileName: `interview-${run}-${i}.docx`, dataBase64: files[i]! },
                caseId: null,
                documentType: 'interview-report',
              },
              ctx,
              CLI_CALLER,
            );
            if (!r.ok) throw new Error(r.error.message);
            const v = r.value as { status: string; source?: { characters: number } };
            if (v.status !== 'imported') throw new Error(`interview-${i}.docx: ${v.status}`);
            characters += v.source?.characters ?? 0;
          }
        };
        await Promise.all([lane(), lane()]);
      } finally {
        clearInterval(timer);
        sample();
      }
      perSecond = files.length / ((performance.now() - t0) / 1000);
      // CPU time of all threads: on a busy machine it tells more than the wall clock.
      const cpu = process.cpuUsage(cpu0);
      cpuSeconds = (cpu.user + cpu.system) / 1e6;
      await closeParseWorkers();
      session.close();
    },
    extra: () => ({
      sources_per_s: Math.round(perSecond * 10) / 10,
      peak_rss_mb: Math.round(peakRssMb),
      avg_characters: Math.round(characters / FILES),
      cpu_s: Math.round(cpuSeconds * 10) / 10,
    }),
  },
];
