import { describe, expect, it } from 'vitest';
import { PACK_COMMANDS, commandOfKey, commandOfScan } from '../../core/packing/commands';
import { localHourAndDayStart, perHourRate } from '../../core/packing/shift';
import { discAlias, discBarcode } from '../../core/demo/generate';

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });

describe('packing commands', () => {
  it('a scanned command card does what its key does, whatever the scanner’s case and padding', () => {
    expect(commandOfScan('CMD-SHIP-ALL')?.name).toBe('shipAll');
    expect(commandOfScan(' cmd-ship-all ')?.name).toBe('shipAll');
    for (const c of PACK_COMMANDS) expect(commandOfKey(key(c.key))).toBe(commandOfScan(c.code));
  });

  it('a disc barcode, an alias or an unknown card is never a command', () => {
    for (let id = 1; id < 200; id++) {
      expect(commandOfScan(discBarcode(11, id))).toBeNull();
      expect(commandOfScan(discAlias(11, id))).toBeNull();
    }
    expect(commandOfScan('CMD-FORMAT-DISK')).toBeNull();
  });

  it('keys are plain function keys, each used once; chords are left to the browser', () => {
    expect(new Set(PACK_COMMANDS.map((c) => c.key)).size).toBe(PACK_COMMANDS.length);
    expect(PACK_COMMANDS.every((c) => /^F\d+$/.test(c.key) && !['F1', 'F5', 'F11', 'F12'].includes(c.key))).toBe(true);
    expect(commandOfKey(key('F8', { ctrlKey: true }))).toBeNull();
    expect(commandOfKey(key('8'))).toBeNull();
  });
});

describe('the shift counter', () => {
  it('counts the hour and the day on the distribution center’s clock', () => {
    // 2026-03-02 09:40 in Newark is 14:40 UTC.
    const now = new Date('2026-03-02T14:40:12Z');
    expect(localHourAndDayStart(now, 'America/New_York')).toEqual({ hourStart: new Date('2026-03-02T14:00:00Z'), dayStart: new Date('2026-03-02T05:00:00Z') });
    // Just after midnight UTC it is still yesterday evening in San Jose.
    expect(localHourAndDayStart(new Date('2026-07-01T00:30:00Z'), 'America/Los_Angeles').dayStart).toEqual(new Date('2026-06-30T07:00:00Z'));
    // A half-hour zone: the hour starts on the half hour UTC.
    expect(localHourAndDayStart(new Date('2026-03-02T14:40:00Z'), 'Asia/Kolkata').hourStart).toEqual(new Date('2026-03-02T14:30:00Z'));
  });

  it('the rate is labels per hour since the first label, never extrapolated from the first minutes', () => {
    const now = new Date('2026-03-02T16:00:00Z');
    expect(perHourRate(0, null, now)).toBe(0);
    expect(perHourRate(3, new Date('2026-03-02T15:50:00Z'), now)).toBe(3);
    expect(perHourRate(100, new Date('2026-03-02T12:00:00Z'), now)).toBe(25);
  });
});
