/**
 * SAM status words (SW3) and SDT-API return values, docs/card-format.md §1.4, each mapped to
 * a docs/architecture.md §3 error code with words in English and Chinese. Success codes map to null.
 */
import { CardFillError, type ErrorCode } from '../errors';

interface StatusInfo {
  code: number;
  /** The docs/architecture.md §3 error this status becomes; null for the success statuses 90, 91, 9F. */
  error: ErrorCode | null;
  en: string;
  zh: string;
  /** false where card-format.md marks the status [U]. */
  confirmed: boolean;
}

export const SW_OK = 0x90;
export const SW_NO_CONTENT = 0x91;
export const SW_FIND_OK = 0x9f;
export const SW_NO_CARD = 0x80;
export const SW_SELECT_FAILED = 0x81;
export const SW_READ_FAILED = 0x41;
export const SW_UNSUPPORTED_CARD = 0x40;
export const SW_SAM_SELF_TEST_FAILED = 0x60;
export const SW_CHECKSUM_ERROR = 0x10;
export const SW_LENGTH_ERROR = 0x11;
export const SW_COMMAND_ERROR = 0x21;

const s = (code: number, error: ErrorCode | null, en: string, zh: string, confirmed = true): StatusInfo => ({
  code,
  error,
  en,
  zh,
  confirmed,
});

/** SW3 of a SAM response frame (§1.4). */
export const SAM_STATUS: ReadonlyMap<number, StatusInfo> = new Map(
  [
    s(0x90, null, 'Operation succeeded', '操作成功'),
    s(0x91, null, 'No content for this item', '没有内容'),
    s(0x9f, null, 'Card found', '寻找证/卡成功'),
    s(0x10, 'READ_FAILED', 'The reader received a frame with a bad checksum', '接收业务终端数据的校验和错'),
    s(0x11, 'READ_FAILED', 'The reader received a frame with a bad length', '接收业务终端数据的长度错'),
    s(
      0x21,
      'READ_FAILED',
      'The reader rejected the command (bad parameter or wrong order)',
      '接收业务终端的命令错误，包括命令中的各种数值或逻辑搭配错误',
    ),
    s(0x23, 'SAM_ERROR', 'The operation is not authorised', '越权操作'),
    s(0x24, 'READ_FAILED', 'The reader reported an unrecognised error', '无法识别的错误'),
    s(0x31, 'READ_FAILED', "The card failed to authenticate the reader's security module; hold the card still", '证/卡认证机具失败'),
    s(0x32, 'READ_FAILED', "The reader's security module failed to authenticate the card; hold the card still", '机具认证证/卡失败'),
    s(0x33, 'READ_FAILED', 'The card information failed verification', '信息验证错误'),
    s(0x40, 'UNSUPPORTED_CARD', 'The reader does not recognise this card type', '无法识别的证/卡类型'),
    s(0x41, 'READ_FAILED', 'Reading the card failed; keep the card on the reader and try again', '读证/卡操作失败'),
    s(0x47, 'READ_FAILED', 'The card could not produce a random number', '取随机数失败'),
    s(0x60, 'SAM_ERROR', "The reader's security module failed its self-test", 'SAM自检失败，不能接收命令'),
    s(0x66, 'SAM_ERROR', "The reader's security module is not authorised", 'SAM未经授权，无法使用'),
    s(0x80, 'NO_CARD', 'No card on the reader', '寻找证/卡失败'),
    s(0x81, 'READ_FAILED', 'The card could not be selected; place one card flat on the reader', '选取证/卡失败'),
    s(0xff, 'READ_FAILED', 'Communication with the reader failed', '通讯故障', false),
  ].map((x) => [x.code, x]),
);

/** Return values of the vendor SDT_* library that are not SAM statuses (§1.4, §6.1). */
export const SDT_API_STATUS: ReadonlyMap<number, StatusInfo> = new Map(
  [
    s(
      0x01,
      'NO_READER',
      'The reader port could not be opened (wrong port number, or the reader is unplugged)',
      '端口打开失败/端口号不合法',
    ),
    s(0x02, 'TIMEOUT', 'The reader did not answer in time', 'PC接收超时，在规定的时间内未接收到规定长度的数据'),
    s(0x03, 'READ_FAILED', 'Data transfer to the reader failed', '数据传输错误'),
    s(0x05, 'NO_READER', "The reader's serial port cannot be used", '该SAM串口不可用', false),
  ].map((x) => [x.code, x]),
);

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;

/** Words for any status code; unknown codes get honest words, not a guess. */
export function statusInfo(code: number, table: ReadonlyMap<number, StatusInfo> = SAM_STATUS): StatusInfo {
  return (
    table.get(code) ??
    SAM_STATUS.get(code) ?? {
      code,
      error: 'READ_FAILED',
      en: `The reader answered with unknown status ${hex(code)}`,
      zh: `未知状态 ${hex(code)}`,
      confirmed: false,
    }
  );
}

/** A CardFillError that came from a status word the reader sent; keeps the word for callers. */
export class SamStatusError extends CardFillError {
  readonly status: number;
  constructor(status: number, info: StatusInfo) {
    super(info.error ?? 'READ_FAILED', `${info.en} (status ${hex(status)}, ${info.zh})`);
    this.status = status;
  }
}

/**
 * Card-side failures during a read that a card leaving the field produces (§1.4: read failed,
 * authentication failures, random number failure). After one of these, asking "is a card there?"
 * tells a removed card from a bad read.
 */
export const CARD_SIDE_READ_FAILURES: readonly number[] = [0x31, 0x32, 0x41, 0x47];

/** The typed error for a failing status, with the code shown so support can look it up. */
export function statusError(code: number, table: ReadonlyMap<number, StatusInfo> = SAM_STATUS): SamStatusError {
  return new SamStatusError(code, statusInfo(code, table));
}
