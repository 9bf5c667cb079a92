/**
 * The packing line's commands, each a function key and a printed barcode
 * card (issue 16 item 2): the scan box holds the focus all shift, so a
 * scanner reading a command card lands there and does what the key does.
 * Codes are Code 128 text with a prefix no disc barcode uses (discs read
 * `BLD…` and their old aliases), so a card can never be mistaken for a disc.
 */
export const COMMAND_PREFIX = 'CMD-';

export type PackCommandName = 'claim' | 'reprintLast' | 'voidLast' | 'shipAll' | 'manifest';

export interface PackCommand {
  name: PackCommandName;
  /** What the card carries (Code 128) and the scanner types. */
  code: string;
  /** `KeyboardEvent.key`; also the `aria-keyshortcuts` value. Function keys: the scan box takes every printable key. */
  key: string;
  /** The words on the button and on the printed card. */
  words: string;
}

export const PACK_COMMANDS: readonly PackCommand[] = [
  { name: 'claim', code: 'CMD-CLAIM', key: 'F2', words: 'Claim next orders' },
  { name: 'reprintLast', code: 'CMD-REPRINT-LAST', key: 'F4', words: 'Reprint last label' },
  { name: 'voidLast', code: 'CMD-VOID-LAST', key: 'F7', words: 'Void last label' },
  { name: 'shipAll', code: 'CMD-SHIP-ALL', key: 'F8', words: 'Mark all labeled shipped' },
  { name: 'manifest', code: 'CMD-MANIFEST', key: 'F9', words: 'End-of-day manifest' },
];

export function packCommand(name: PackCommandName): PackCommand {
  return PACK_COMMANDS.find((c) => c.name === name)!;
}

/** The command a scanned text names, or null for anything else (a disc). Scanners differ in case and may add spaces. */
export function commandOfScan(scanned: string): PackCommand | null {
  const code = scanned.trim().toUpperCase();
  if (!code.startsWith(COMMAND_PREFIX)) return null;
  return PACK_COMMANDS.find((c) => c.code === code) ?? null;
}

/** The command a key press asks for; modifier chords are left to the browser and the OS. */
export function commandOfKey(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): PackCommand | null {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  return PACK_COMMANDS.find((c) => c.key === e.key) ?? null;
}
