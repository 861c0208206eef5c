import { parseText, tokenizeVTTCue, type VTTCue, type VTTNode } from 'media-captions';
import { ParseFailure } from '../errors.js';
import type { Cue } from './types.js';

/**
 * WebVTT and SRT through media-captions (vidstack's parser of the WebVTT spec, which also reads
 * SRT): it reads the cue timings, settings, identifiers (Teams writes `<uuid>/<n>-<m>`) and entities,
 * and tokenises cue text per the spec's cue-text rules, so `<v Speaker>` voice spans (several in one
 * cue, with classes such as `<v.loud Jan>`) come out as nodes. What it does not know is who speaks
 * when a file has no voice tags: Zoom and many SRT files write "Name: words"; see
 * `speakerPrefixes`.
 */
export async function readCaptions(text: string, format: 'vtt' | 'srt'): Promise<Cue[]> {
  // The parser wants the WEBVTT signature; an SRT has none, and some exports drop it from VTT.
  const body = format === 'vtt' && !/^WEBVTT/.test(text) ? `WEBVTT\n\n${text}` : text;
  const result = await parseText(body, { type: format, strict: false });
  if (result.cues.length === 0) {
    throw new ParseFailure(
      'corrupt',
      `no ${format === 'vtt' ? 'WebVTT' : 'SRT'} cues with a time were found`,
    );
  }
  const cues: Cue[] = [];
  for (const cue of result.cues) cues.push(...cueParts(cue));
  if (!cues.some((c) => c.speaker !== '')) return speakerPrefixes(cues);
  return cues;
}

const ms = (seconds: number) => Math.max(0, Math.round(seconds * 1000));

/** The text of nodes without markup; line breaks inside a cue become spaces. */
function textOf(nodes: readonly VTTNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.data;
    else if (n.type === 'rt')
      continue; // ruby annotations are not spoken words
    else if ('children' in n) out += textOf(n.children);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** A cue split at its voice spans: text outside any span belongs to the voice before it. */
function cueParts(cue: VTTCue): Cue[] {
  const startMs = ms(cue.startTime);
  const endMs = Math.max(startMs, ms(cue.endTime));
  const parts: Cue[] = [];
  let speaker = '';
  let loose: VTTNode[] = [];
  const flush = () => {
    const text = textOf(loose);
    loose = [];
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.speaker === speaker) last.text = `${last.text} ${text}`;
    else parts.push({ speaker, startMs, endMs, text });
  };
  for (const node of tokenizeVTTCue(cue)) {
    if (node.type === 'v') {
      flush();
      speaker = node.voice.trim();
      loose = [...node.children];
      flush();
    } else {
      loose.push(node);
    }
  }
  flush();
  return parts;
}

const PREFIX = /^([^:]{1,60}?):\s+(\S.*)$/s;
const NOT_A_NAME = /^\d|https?$|\d$/i;

/**
 * Cues without voice tags whose text starts with "Name: " (Zoom, many SRT files) take that name as
 * their speaker, when most cues do so and the names recur: a stray "Note: ..." in captions is
 * not a speaker. A cue without a prefix continues the speaker before it.
 */
export function speakerPrefixes(cues: Cue[]): Cue[] {
  const matches = cues.map((c) => {
    const m = PREFIX.exec(c.text);
    return m && !NOT_A_NAME.test(m[1]!.trim()) ? { name: m[1]!.trim(), rest: m[2]!.trim() } : null;
  });
  const hits = matches.filter((m) => m !== null);
  const names = new Set(hits.map((m) => m.name));
  if (hits.length < Math.max(2, cues.length * 0.6) || names.size > Math.max(8, hits.length / 3)) {
    return cues;
  }
  let speaker = '';
  return cues.map((c, i) => {
    const m = matches[i];
    if (m) speaker = m.name;
    return { ...c, speaker, text: m ? m.rest : c.text };
  });
}
