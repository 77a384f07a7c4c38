/**
 * 新中新 (Synjones) WebAPI service (docs/readers.md, "新中新"): `GET /api/ReadMsg` answers one JSON
 * object with the card already parsed and `CardType` 0 resident, 1 I, 2 J, 3 Y. Values may be
 * strings or numbers. Mapped into the chip layout and decoded by CardFill (./fields.ts).
 */
import { CardFillError } from '../../../src/errors';
import type { TypeCode } from '../../../src/card/record';
import type { RawCardData } from '../types';
import { photoFromBase64, rawFromServiceCard, text, type ServiceCard } from './fields';
import { SERVICE_BUDGETS, type ServiceAdapter, type ServiceContext } from './reader';
import { httpJson } from './transport';

export const SYNJONES_DEFAULT_URL = 'http://127.0.0.1:8989';

/**
 * Paths, keys and codes of the WebAPI. The key list comes from one copy of the vendor's document
 * [U]; `code` is taken to carry the Syn_* return codes (0 OK, −11 find failed, −12 select failed,
 * −1 port, −16 device connection) [U].
 */
export const SYNJONES_PROTOCOL = {
  readPath: '/api/ReadMsg',
  ok: 0,
  noCardCodes: [-11, -12, -2] as readonly number[],
  noDeviceCodes: [-1, -16, -5] as readonly number[],
  cardTypes: { 0: '', 1: 'I', 2: 'J', 3: 'Y' } as Readonly<Record<number, TypeCode>>,
  keys: {
    code: 'code',
    message: 'retmsg',
    type: 'CardType',
    name: 'name',
    nameEn: 'EngName',
    sex: 'sex',
    nation: 'nation',
    born: 'born',
    address: 'address',
    number: 'cardno',
    authority: 'police',
    from: 'userlifeb',
    until: 'userlifee',
    photo: 'photobase64',
    version: 'CertVol',
    passNumber: 'PassID',
    times: 'IssuesTimes',
    reserved: 'Reserved',
  },
} as const;

const LABEL = '新中新 (Synjones)';

function numberOf(value: unknown): number | null {
  const s = text(value);
  return s !== null && /^-?\d+$/.test(s) ? Number(s) : null;
}

/** The card in a /api/ReadMsg answer (pure): its raw data, or null when no card lies on the reader. */
export function synjonesCard(reply: Record<string, unknown>): RawCardData | null {
  const k = SYNJONES_PROTOCOL.keys;
  const code = numberOf(reply[k.code]);
  if (code === null)
    throw new CardFillError(
      'READ_FAILED',
      `The ${LABEL} service's answer has no result code; its version may differ from the one CardFill knows`,
    );
  if (code !== SYNJONES_PROTOCOL.ok) {
    if (SYNJONES_PROTOCOL.noCardCodes.includes(code)) return null;
    if (SYNJONES_PROTOCOL.noDeviceCodes.includes(code)) {
      throw new CardFillError(
        'NO_READER',
        `The ${LABEL} service runs, but it cannot reach its reader (code ${code}). Plug the reader in and try again`,
      );
    }
    throw new CardFillError('READ_FAILED', `The ${LABEL} reader could not read the card (code ${code}); keep the card still and try again`);
  }
  const kind = numberOf(reply[k.type]) ?? 0;
  const typeCode = Object.hasOwn(SYNJONES_PROTOCOL.cardTypes, kind) ? SYNJONES_PROTOCOL.cardTypes[kind] : undefined;
  if (typeCode === undefined) {
    throw new CardFillError(
      'UNSUPPORTED_CARD',
      `The ${LABEL} service reports a card type (${kind}) CardFill does not know; it reads Resident ID, HK/Macau/Taiwan residence permit and Foreign Permanent Resident ID cards`,
    );
  }
  const get = (key: string) => text(reply[key]);
  const card: ServiceCard = {
    typeCode,
    nameZh: get(k.name),
    nameEn: typeCode === 'I' || typeCode === 'Y' ? get(k.nameEn) : null,
    sex: get(k.sex),
    birthDate: get(k.born),
    number: get(k.number),
    validFrom: get(k.from),
    validUntil: get(k.until),
    photo: photoFromBase64(reply[k.photo]),
  };
  if (typeCode === '') Object.assign(card, { ethnicity: get(k.nation), address: get(k.address), issuer: get(k.authority) });
  if (typeCode === 'J')
    Object.assign(card, { address: get(k.address), issuer: get(k.authority), passNumber: get(k.passNumber), issueCount: get(k.times) });
  // `nation` is the alpha-3 nationality on I and Y; `police` is the accepting-authority code on I.
  if (typeCode === 'I')
    Object.assign(card, { nationality: get(k.nation), acceptingAuthority: get(k.authority), cardVersion: get(k.version) });
  // IssuesTimes is the renewal count on Y; Reserved is the link to the previous 2017 card.
  if (typeCode === 'Y') Object.assign(card, { nationality: get(k.nation), renewalCount: get(k.times), association: get(k.reserved) });
  return rawFromServiceCard(card, LABEL);
}

export const synjonesAdapter: ServiceAdapter = {
  label: LABEL,
  async read(ctx: ServiceContext): Promise<RawCardData | null> {
    const reply = await httpJson(new URL(SYNJONES_PROTOCOL.readPath, ctx.url), {
      timeoutMs: ctx.budget(SERVICE_BUDGETS.read),
      signal: ctx.signal,
      vendor: LABEL,
    });
    return synjonesCard(reply);
  },
};
