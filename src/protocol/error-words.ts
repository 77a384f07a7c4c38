/**
 * What each error code means to a person, and the one thing that helps, in English and Chinese.
 * The command line prints these; the extension's _locales carry the same sentences.
 */
import type { ErrorCode, ErrorInfo } from '../errors';

interface ErrorWords {
  en: string;
  zh: string;
  remedyEn: string;
  remedyZh: string;
}

export const ERROR_WORDS: Record<ErrorCode, ErrorWords> = {
  NO_READER: {
    en: 'No card reader was found.',
    zh: '未找到读卡器。',
    remedyEn: 'Plug in the reader (or choose one in the options) and try again.',
    remedyZh: '请连接读卡器（或在选项中选择读卡器）后重试。',
  },
  NO_CARD: {
    en: 'No card is on the reader.',
    zh: '读卡器上没有证件。',
    remedyEn: 'Place the card flat on the reader and try again.',
    remedyZh: '请将证件平放在读卡器上后重试。',
  },
  CARD_NOT_REPRESENTED: {
    en: 'This card was already read.',
    zh: '该证件已读取过。',
    remedyEn: 'Lift the card off the reader, place it again, then read.',
    remedyZh: '请拿起证件后重新放置，再读取。',
  },
  CARD_REMOVED: {
    en: 'The card was moved during the read.',
    zh: '读卡过程中证件被移开。',
    remedyEn: 'Keep the card still on the reader and read again.',
    remedyZh: '请保持证件放稳后重新读取。',
  },
  READ_FAILED: {
    en: 'The card could not be read.',
    zh: '读取证件失败。',
    remedyEn: 'Lift the card, place it again and retry.',
    remedyZh: '请重新放置证件后重试。',
  },
  SAM_ERROR: {
    en: 'The reader’s security module failed.',
    zh: '读卡器安全模块故障。',
    remedyEn: 'Unplug the reader, plug it in again and retry; if it persists, contact the reader’s vendor.',
    remedyZh: '请重新插拔读卡器后重试；如仍失败，请联系读卡器厂商。',
  },
  UNSUPPORTED_CARD: {
    en: 'This kind of card is not supported.',
    zh: '不支持此类证件。',
    remedyEn: 'CardFill reads Resident ID cards, HK/Macau/Taiwan residence permits and Foreign Permanent Resident ID cards.',
    remedyZh: 'CardFill 支持居民身份证、港澳台居民居住证和外国人永久居留身份证。',
  },
  BUSY: { en: 'The reader is busy.', zh: '读卡器正忙。', remedyEn: 'Wait a moment and try again.', remedyZh: '请稍候再试。' },
  TIMEOUT: {
    en: 'The reader did not answer in time.',
    zh: '读卡器响应超时。',
    remedyEn: 'Check the reader’s cable and try again.',
    remedyZh: '请检查读卡器连接线后重试。',
  },
  BAD_REQUEST: {
    en: 'The request was not understood.',
    zh: '无法识别的请求。',
    remedyEn: 'Update CardFill and its host so both are the same version.',
    remedyZh: '请将 CardFill 扩展与本地程序更新到相同版本。',
  },
  VERSION_MISMATCH: {
    en: 'The extension and the CardFill host do not match.',
    zh: '扩展与 CardFill 本地程序版本不匹配。',
    remedyEn: 'Update the older of the two.',
    remedyZh: '请更新其中较旧的一方。',
  },
  INTERNAL: {
    en: 'Something went wrong inside CardFill.',
    zh: 'CardFill 内部错误。',
    remedyEn: 'Try again; if it keeps happening, run "cardfill-host doctor".',
    remedyZh: '请重试；如反复出现，请运行 "cardfill-host doctor"。',
  },
  BAD_FRAME: {
    en: 'The reader sent a damaged answer.',
    zh: '读卡器返回的数据已损坏。',
    remedyEn: 'Check the cable and read again.',
    remedyZh: '请检查连接线后重新读取。',
  },
  BAD_TEXT: {
    en: 'The card data is not in a known layout.',
    zh: '证件数据格式无法识别。',
    remedyEn: 'Read the card again; if it persists, the card may be damaged.',
    remedyZh: '请重新读取；如仍失败，证件可能已损坏。',
  },
  HOST_NOT_FOUND: {
    en: 'The CardFill host program is not installed.',
    zh: '未安装 CardFill 本地程序。',
    remedyEn: 'Register it for your browsers with: cardfill-host install (then restart the browser)',
    remedyZh: '请运行 cardfill-host install 为浏览器注册本地程序（然后重启浏览器）',
  },
  NOT_ALLOWED: {
    en: 'This extension may not use the CardFill host.',
    zh: '此扩展无权使用 CardFill 本地程序。',
    remedyEn: 'Register it with: cardfill-host install --extension-id <id>',
    remedyZh: '请运行：cardfill-host install --extension-id <id>',
  },
};

/** One line for a terminal: the host's own message (specific), then the remedy, in both languages. */
export function describeError(error: ErrorInfo): string {
  const words = ERROR_WORDS[error.code] ?? ERROR_WORDS.INTERNAL;
  return `${error.code}: ${error.message}\n  ${words.remedyEn}\n  ${words.zh}${words.remedyZh}`;
}
