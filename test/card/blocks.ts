/**
 * Test helper: build 256-byte text blocks straight from the offset tables of
 * docs/card-format.md §2, independently of src/card/encode.ts, so the decoder is checked
 * against the reference and not against its own twin.
 */
import { mod11_2CheckDigit, icao731CheckDigit } from '../../src/card/check-digits';

export function ucs2Field(text: string, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes / 2; i++) {
    const unit = i < text.length ? text.charCodeAt(i) : 0x20;
    out[2 * i] = unit & 0xff;
    out[2 * i + 1] = unit >> 8;
  }
  if (text.length > bytes / 2) throw new Error(`"${text}" does not fit ${bytes} bytes`);
  return out;
}

/** Concatenate [text, bytes] pairs; they must add up to 256 bytes. */
export function block(parts: Array<[string, number]>): Uint8Array {
  const out = new Uint8Array(256);
  let at = 0;
  for (const [text, bytes] of parts) {
    out.set(ucs2Field(text, bytes), at);
    at += bytes;
  }
  if (at !== 256) throw new Error(`block is ${at} bytes`);
  return out;
}

export const mod11 = (first17: string) => first17 + mod11_2CheckDigit(first17);
export const c731 = (first14: string) => first14 + icao731CheckDigit(first14);

export const RES_NUMBER = mod11('32010619751108341');
/** §2.2 resident layout, 长期 validity. */
export function residentBlock(over: Partial<Record<string, string>> = {}): Uint8Array {
  const f = {
    name: '周文华',
    sex: '1',
    eth: '08',
    birth: '19751108',
    addr: '江苏省南京市鼓楼区北京西路2号',
    number: RES_NUMBER,
    issuer: '南京市公安局鼓楼分局',
    from: '20120601',
    until: '长期',
    type: ' ',
    ...over,
  };
  return block([
    [f.name, 30],
    [f.sex, 2],
    [f.eth, 4],
    [f.birth, 16],
    [f.addr, 70],
    [f.number, 36],
    [f.issuer, 30],
    [f.from, 16],
    [f.until, 16],
    ['', 28],
    [f.type, 2],
    ['', 6],
  ]);
}

export const J_NUMBER = mod11('83000019920416002');
/** §2.3 J layout. */
export function hmtBlock(over: Partial<Record<string, string>> = {}): Uint8Array {
  const f = {
    name: '林佳怡',
    sex: '2',
    birth: '19920416',
    addr: '福建省厦门市思明区湖滨南路1号',
    number: J_NUMBER,
    issuer: '厦门市公安局',
    from: '20210301',
    until: '20260301',
    pass: '01234567',
    count: '00',
    ...over,
  };
  return block([
    [f.name, 30],
    [f.sex, 2],
    ['', 4],
    [f.birth, 16],
    [f.addr, 70],
    [f.number, 36],
    [f.issuer, 30],
    [f.from, 16],
    [f.until, 16],
    [f.pass, 18],
    [f.count, 4],
    ['', 6],
    ['J', 2],
    ['', 6],
  ]);
}

export const I_NUMBER = c731('DEU31009203152');
/** §2.4 I layout. */
export function foreign2017Block(over: Partial<Record<string, string>> = {}): Uint8Array {
  const f = {
    en: 'MUELLER, KLAUS PETER',
    sex: '1',
    number: I_NUMBER,
    nat: 'DEU',
    zh: '穆克劳',
    from: '20190901',
    until: '20290831',
    birth: '19920315',
    version: '01',
    authority: '3100',
    ...over,
  };
  return block([
    [f.en, 120],
    [f.sex, 2],
    [f.number, 30],
    [f.nat, 6],
    [f.zh, 30],
    [f.from, 16],
    [f.until, 16],
    [f.birth, 16],
    [f.version, 4],
    [f.authority, 8],
    ['I', 2],
    ['', 6],
  ]);
}

export const Y_NAME = 'GARCIA-FERNANDEZ DE LA TORRE, MARIA ISABEL'; // 42 chars: the split falls before " ISABEL"
export const Y_NUMBER = mod11('94472419930721004');
/** §2.5 Y layout. */
export function foreign2023Block(over: Partial<Record<string, string>> = {}): Uint8Array {
  const f = {
    zh: '玛丽亚',
    sex: '2',
    renew: '01',
    birth: '19930721',
    en: Y_NAME,
    number: Y_NUMBER,
    from: '20240305',
    until: '20340304',
    nat: 'ESP',
    assoc: '',
    ...over,
  };
  return block([
    [f.zh, 30],
    [f.sex, 2],
    [f.renew, 4],
    [f.birth, 16],
    [f.en.slice(0, 35), 70],
    [f.number, 36],
    ['', 30],
    [f.from, 16],
    [f.until, 16],
    [f.en.slice(35), 22],
    [f.nat, 6],
    ['Y', 2],
    [f.assoc, 6],
  ]);
}
