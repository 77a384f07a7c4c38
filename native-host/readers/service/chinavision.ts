/**
 * 华视 (China Vision) CVR web service (docs/readers.md, "华视"): `GET /OpenDevice`, `/readcard`,
 * `/CloseDevice` in that order, each answering JSON with `resultFlag` 0 on success. The card
 * comes parsed; `certType` is " " (resident), "I" or "J". The service as seen in public clients
 * has no field for a J pass number, nor any Y-card field: those stay null.
 */
import { CardFillError } from '../../../src/errors';
import type { TypeCode } from '../../../src/card/record';
import type { RawCardData } from '../types';
import { photoFromBase64, rawFromServiceCard, text, typeFromNumber, type ServiceCard } from './fields';
import { SERVICE_BUDGETS, type ServiceAdapter, type ServiceContext } from './reader';
import { httpJson } from './transport';

export const CHINAVISION_DEFAULT_URL = 'http://127.0.0.1:19196';

/**
 * Paths and keys. Which non-zero `resultFlag` of /readcard means "no card" is [U]: public
 * clients treat every non-zero flag as "place the card", and so does CardFill. A Y card read by
 * a service that predates it is recognised by its number (9 + 17 digits) [U].
 */
export const CHINAVISION_PROTOCOL = {
  open: '/OpenDevice',
  read: '/readcard',
  close: '/CloseDevice',
  ok: 0,
  types: { '': '', I: 'I', J: 'J', Y: 'Y' } as Readonly<Record<string, TypeCode>>,
  keys: {
    flag: 'resultFlag',
    message: 'errorMsg',
    name: 'partyName',
    sex: 'gender',
    nation: 'nation',
    born: 'bornDay',
    address: 'certAddress',
    number: 'certNumber',
    authority: 'certOrg',
    from: 'effDate',
    until: 'expDate',
    photo: 'identityPic',
    type: 'certType',
  },
} as const;

const LABEL = '华视 (China Vision)';
const HAS_HAN = /\p{Script=Han}/u;

function flagOf(reply: Record<string, unknown>): number | null {
  const s = text(reply[CHINAVISION_PROTOCOL.keys.flag]);
  return s !== null && /^-?\d+$/.test(s) ? Number(s) : null;
}

/** The card in a successful /readcard answer (pure). */
export function chinavisionCard(reply: Record<string, unknown>): RawCardData {
  const k = CHINAVISION_PROTOCOL.keys;
  const get = (key: string) => text(reply[key]);
  const number = get(k.number);
  const certType = (typeof reply[k.type] === 'string' ? (reply[k.type] as string) : '').trim().toUpperCase();
  let typeCode = Object.hasOwn(CHINAVISION_PROTOCOL.types, certType) ? CHINAVISION_PROTOCOL.types[certType] : undefined;
  if (typeCode === undefined) {
    throw new CardFillError(
      'UNSUPPORTED_CARD',
      `The ${LABEL} service reports a card type ("${certType.slice(0, 4)}") CardFill does not know; it reads Resident ID, HK/Macau/Taiwan residence permit and Foreign Permanent Resident ID cards`,
    );
  }
  if (typeCode === '' && typeFromNumber(number) === 'Y') typeCode = 'Y';
  const name = get(k.name);
  const card: ServiceCard = {
    typeCode,
    sex: get(k.sex),
    birthDate: get(k.born),
    number,
    validFrom: get(k.from),
    validUntil: get(k.until),
    photo: photoFromBase64(reply[k.photo]),
  };
  if (typeCode === '' || typeCode === 'J') {
    Object.assign(card, { nameZh: name, address: get(k.address), issuer: get(k.authority) });
    if (typeCode === '') card.ethnicity = get(k.nation);
  } else {
    // I: partyName is the English name. Y (inferred): whichever script the name is in.
    const han = name !== null && HAS_HAN.test(name);
    Object.assign(card, { nameZh: han ? name : null, nameEn: han ? null : name, nationality: get(k.nation) });
    const org = get(k.authority);
    if (typeCode === 'I' && org !== null && /^\d{4}$/.test(org)) card.acceptingAuthority = org;
  }
  return rawFromServiceCard(card, LABEL);
}

export const chinavisionAdapter: ServiceAdapter = {
  label: LABEL,
  async read(ctx: ServiceContext): Promise<RawCardData | null> {
    const at = (path: string) => new URL(path, ctx.url);
    try {
      const opened = await httpJson(at(CHINAVISION_PROTOCOL.open), {
        timeoutMs: ctx.budget(SERVICE_BUDGETS.call),
        signal: ctx.signal,
        vendor: LABEL,
      });
      const openFlag = flagOf(opened);
      if (openFlag === null)
        throw new CardFillError(
          'READ_FAILED',
          `The ${LABEL} service's answer to ${CHINAVISION_PROTOCOL.open} has no resultFlag; it may be another program on that port`,
        );
      if (openFlag !== CHINAVISION_PROTOCOL.ok) {
        throw new CardFillError(
          'NO_READER',
          `The ${LABEL} service runs, but it cannot open its reader (resultFlag ${openFlag}). Plug the reader in and try again`,
        );
      }
      const reply = await httpJson(at(CHINAVISION_PROTOCOL.read), {
        timeoutMs: ctx.budget(SERVICE_BUDGETS.read),
        signal: ctx.signal,
        vendor: LABEL,
      });
      const flag = flagOf(reply);
      if (flag === null)
        throw new CardFillError('READ_FAILED', `The ${LABEL} service's answer to ${CHINAVISION_PROTOCOL.read} has no resultFlag`);
      if (flag !== CHINAVISION_PROTOCOL.ok) return null;
      return chinavisionCard(reply);
    } finally {
      // Always close the device, with its own budget, whatever happened above.
      await httpJson(at(CHINAVISION_PROTOCOL.close), { timeoutMs: SERVICE_BUDGETS.cleanup, vendor: LABEL }).catch(() => undefined);
    }
  },
};
