/**
 * The options page's reader choice ⇄ the reader SPEC the host understands (docs/architecture.md §4):
 * auto | sim[:CARD] | serial:PATH[@BAUD] | sdtapi:LIBRARY[#PORT].
 */
import type { MessageKey } from '../shared/i18n';

export type ReaderChoice =
  | { kind: 'auto' }
  | { kind: 'serial'; path: string; baud: string }
  | { kind: 'sdtapi'; library: string; port: string }
  | { kind: 'sim'; card: string };

export type ReaderKind = ReaderChoice['kind'];

/** Usual serial device names, offered after the ports the host lists (its status reply). */
export const SERIAL_SUGGESTIONS = ['/dev/ttyUSB0', '/dev/ttyACM0', '/dev/tty.usbserial', 'COM3', 'COM4'];

export function parseReaderSpec(spec: string | null): ReaderChoice {
  const s = (spec ?? '').trim();
  if (s === '' || s === 'auto') return { kind: 'auto' };
  if (s === 'sim' || s.startsWith('sim:')) return { kind: 'sim', card: s.slice(4) };
  if (s.startsWith('serial:')) {
    const rest = s.slice('serial:'.length);
    const m = /^(.*)@(\d+)$/.exec(rest);
    return m ? { kind: 'serial', path: m[1]!, baud: m[2]! } : { kind: 'serial', path: rest, baud: '' };
  }
  if (s.startsWith('sdtapi:')) {
    const rest = s.slice('sdtapi:'.length);
    const m = /^(.*)#(\d+)$/.exec(rest);
    return m ? { kind: 'sdtapi', library: m[1]!, port: m[2]! } : { kind: 'sdtapi', library: rest, port: '' };
  }
  return { kind: 'auto' };
}

/** The SPEC for a choice (null = auto, the host's default), or an error key when incomplete. */
export function readerSpecOf(choice: ReaderChoice): { spec: string | null } | { error: MessageKey } {
  switch (choice.kind) {
    case 'auto':
      return { spec: null };
    case 'sim':
      if (choice.card.trim() !== '' && !/^[a-z0-9-]+$/.test(choice.card.trim())) return { error: 'readerSimInvalid' };
      return { spec: choice.card.trim() ? `sim:${choice.card.trim()}` : 'sim' };
    case 'serial': {
      const path = choice.path.trim();
      if (path === '' || /[\0\n\r@]/.test(path)) return { error: 'readerSerialInvalid' };
      if (choice.baud.trim() !== '' && !/^\d{3,7}$/.test(choice.baud.trim())) return { error: 'readerBaudInvalid' };
      return { spec: `serial:${path}${choice.baud.trim() ? `@${choice.baud.trim()}` : ''}` };
    }
    case 'sdtapi': {
      const library = choice.library.trim();
      if (library === '' || /[\0\n\r#"]/.test(library)) return { error: 'readerLibraryInvalid' };
      if (choice.port.trim() !== '' && !/^\d{1,5}$/.test(choice.port.trim())) return { error: 'readerPortInvalid' };
      return { spec: `sdtapi:${library}${choice.port.trim() ? `#${choice.port.trim()}` : ''}` };
    }
  }
}

/**
 * A vendor library is never named by the browser (the host refuses sdtapi: in requests and loads a
 * library only from its own configuration), so the options page shows the command that configures
 * it on this computer. The path is quoted for the shell; a double quote in it is refused earlier.
 */
export function vendorLibraryCommand(choice: Extract<ReaderChoice, { kind: 'sdtapi' }>): string {
  const result = readerSpecOf(choice);
  const spec = 'spec' in result ? result.spec : 'sdtapi:LIBRARY';
  return `npx cardfill-host install --reader "${spec}"`;
}
