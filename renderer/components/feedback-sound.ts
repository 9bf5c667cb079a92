/**
 * Scanner feedback a packer hears without looking: one high beep for a
 * match, two low buzzes for a mismatch. Web Audio needs no sound files, so
 * nothing loosens the CSP.
 */
let ctx: AudioContext | null = null;

function tone(freq: number, start: number, length: number, type: OscillatorType): void {
  if (!ctx) return;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.15, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + length);
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + length);
}

export function playScanFeedback(match: boolean): void {
  try {
    ctx ??= new AudioContext();
    if (match) tone(1320, 0, 0.12, 'sine');
    else {
      tone(220, 0, 0.18, 'square');
      tone(220, 0.25, 0.18, 'square');
    }
  } catch {
    // No audio device (a headless test browser): the colour and the words still tell.
  }
}
