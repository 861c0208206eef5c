/**
 * A short recording made at test time: a sine tone as 16-bit mono PCM in a WAV file, so tests
 * need no media fixture and every browser can play it.
 */
export function sineWav(seconds: number, hz = 440, sampleRate = 8000): Uint8Array {
  const samples = Math.round(seconds * sampleRate);
  const data = samples * 2;
  const buf = new DataView(new ArrayBuffer(44 + data));
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) buf.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, 'RIFF');
  buf.setUint32(4, 36 + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  buf.setUint32(16, 16, true); // size of the fmt chunk
  buf.setUint16(20, 1, true); // PCM
  buf.setUint16(22, 1, true); // mono
  buf.setUint32(24, sampleRate, true);
  buf.setUint32(28, sampleRate * 2, true); // bytes per second
  buf.setUint16(32, 2, true); // bytes per frame
  buf.setUint16(34, 16, true); // bits per sample
  text(36, 'data');
  buf.setUint32(40, data, true);
  for (let i = 0; i < samples; i++)
    buf.setInt16(
      44 + i * 2,
      Math.round(Math.sin((2 * Math.PI * hz * i) / sampleRate) * 8000),
      true,
    );
  return new Uint8Array(buf.buffer);
}
