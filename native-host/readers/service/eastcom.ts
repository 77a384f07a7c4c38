/**
 * 东信 (Eastcom / DONSEE) local service (docs/readers.md, "东信"): `POST /card=idcard` answers
 * JSON whose `IDCardInfo` object holds the parsed card. Only `IDCardInfo.cardID` (the number) is
 * seen in public clients; every other key below is [U], which is why this backend is marked
 * "documentation only" in docs/readers.md. The card type is taken from the service when it says,
 * else from the number's shape.
 */
import { CardFillError } from '../../../src/errors';
import type { TypeCode } from '../../../src/card/record';
import type { RawCardData } from '../types';
import { photoFromBase64, rawFromServiceCard, text, typeFromNumber, type ServiceCard } from './fields';
import { SERVICE_BUDGETS, type ServiceAdapter, type ServiceContext } from './reader';
import { httpJson } from './transport';

export const EASTCOM_DEFAULT_URL = 'http://127.0.0.1:38088';

/** [U] except `info` and `number` (IDCardInfo.cardID). */
export const EASTCOM_PROTOCOL = {
  readPath: '/card=idcard',
  info: 'IDCardInfo',
  types: { '': '', I: 'I', J: 'J', Y: 'Y' } as Readonly<Record<string, TypeCode>>,
  keys: {
    number: 'cardID',
    name: 'name',
    nameEn: 'englishName',
    sex: 'sex',
    nation: 'nation',
    born: 'birthday',
    address: 'address',
    authority: 'issueOrgan',
    from: 'validStart',
    until: 'validEnd',
    photo: 'photoBase64',
    type: 'certType',
    passNumber: 'passNumber',
    times: 'issueTimes',
    nationality: 'nationality',
  },
} as const;

const LABEL = '东信 (Eastcom)';

/** The card in a /card=idcard answer (pure): its raw data, or null when no card lies on the reader. */
export function eastcomCard(reply: Record<string, unknown>): RawCardData | null {
  const k = EASTCOM_PROTOCOL.keys;
  const info = reply[EASTCOM_PROTOCOL.info];
  if (info === undefined || info === null || info === '') return null; // no card: the service answers without the card object
  if (typeof info !== 'object' || Array.isArray(info))
    throw new CardFillError('READ_FAILED', `The ${LABEL} service's ${EASTCOM_PROTOCOL.info} is not an object`);
  const fields = info as Record<string, unknown>;
  const get = (key: string) => text(fields[key]);
  const number = get(k.number);
  if (number === null) return null;
  const said = get(k.type);
  let typeCode: TypeCode;
  if (said === null) typeCode = typeFromNumber(number);
  else {
    const known = Object.hasOwn(EASTCOM_PROTOCOL.types, said.toUpperCase()) ? EASTCOM_PROTOCOL.types[said.toUpperCase()] : undefined;
    if (known === undefined)
      throw new CardFillError(
        'UNSUPPORTED_CARD',
        `The ${LABEL} service reports a card type ("${said.slice(0, 4)}") CardFill does not know`,
      );
    typeCode = known;
  }
  const card: ServiceCard = {
    typeCode,
    nameZh: get(k.name),
    nameEn: typeCode === 'I' || typeCode === 'Y' ? get(k.nameEn) : null,
    sex: get(k.sex),
    birthDate: get(k.born),
    number,
    validFrom: get(k.from),
    validUntil: get(k.until),
    address: get(k.address),
    issuer: get(k.authority),
    ethnicity: get(k.nation),
    passNumber: get(k.passNumber),
    issueCount: get(k.times),
    nationality: get(k.nationality) ?? get(k.nation),
    photo: photoFromBase64(fields[k.photo]),
  };
  return rawFromServiceCard(card, LABEL);
}

export const eastcomAdapter: ServiceAdapter = {
  label: LABEL,
  async read(ctx: ServiceContext): Promise<RawCardData | null> {
    const reply = await httpJson(new URL(EASTCOM_PROTOCOL.readPath, ctx.url), {
      method: 'POST',
      body: '',
      timeoutMs: ctx.budget(SERVICE_BUDGETS.read),
      signal: ctx.signal,
      vendor: LABEL,
    });
    return eastcomCard(reply);
  },
};
