/**
 * 12306 registration (kyfw.12306.cn/otn/regist/init), docs/target-forms.md §2.5 (~2019 JSP copy + a
 * registration bot, [seen once] each). The 证件类型 select holds a 中国居民身份证 group (value 0) whose sub-choice
 * radios (idTypeRadio) pick 居民身份证 (1), 外国人永久居留身份证 (H) or 港澳台居民居住证 (1): both the select and
 * the radio are document-type controls, filled in that order, each followed by the bounded wait for the rows it
 * reveals. The newest form has a flat select (1, K, P, H, A, B, C, G), which the generic option matching handles.
 *
 * Capture check: test/fixtures/real/capture-12306-regist-init.html is a public copy of the ~2019 page (repository
 * unknown). Its form has every selector this profile names (input#name, input#cardCode, input#id_limit_date_end,
 * input#born_date), the cardType select with the 0/C/G/B values, the idTypeRadio sub-choices (1 / H / 1), the
 * userDTO.sex_code radios and the nation select with the quirky values; of the ignored controls it has #userName,
 * #passWord and #confirmPassWord (the part with #email, #mobileNo, #passengerType was not kept in the copy).
 * The real-page corpus plans it correctly for all four cards (src/fill/README.md "Real-page corpus").
 */
import type { CardRecord } from '../card/record.js';
import type { ChoiceOption } from '../fill/types.js';
import type { SiteProfile } from './types.js';
import { COUNTRY_VALUES_12306, documentTypeFallback12306, is12306 } from './12306-shared.js';

/** [seen once] ~2019 page: the 中国居民身份证 group option; foreign and permit holders choose it, then a sub-radio. */
const RESIDENT_GROUP_VALUE_12306 = '0';

function documentTypeFallback(card: CardRecord, options: ChoiceOption[]): ChoiceOption | null {
  if (card.kind !== 'resident') {
    const group = options.find((o) => o.value === RESIDENT_GROUP_VALUE_12306 && /居民身份证/.test(o.text));
    if (group) return group;
  }
  return documentTypeFallback12306(card, options);
}

export const registration12306: SiteProfile = {
  id: '12306-registration',
  name: '12306 注册',
  matches: (url) => is12306(url) && /^\/otn\/regist\/(init|index)?/.test(url.pathname),
  hosts: ['12306.cn'],
  fields: {
    fullName: 'input#name',
    documentNumber: 'input#cardCode',
    validUntil: 'input#id_limit_date_end',
    birthDate: 'input#born_date',
  },
  ignore: ['#userName', '#passWord', '#confirmPassWord', '#email', '#mobileNo', '#passengerType', '#checkAgree'],
  nationalityValues: COUNTRY_VALUES_12306,
  documentTypeFallback,
  fixture: 'test/fixtures/pages/12306-registration.html',
  testUrls: ['https://kyfw.12306.cn/otn/regist/init'],
};

export default registration12306;
