/**
 * 12306 add/edit passenger (kyfw.12306.cn/otn/view/passenger_edit.html), docs/target-forms.md §2.2–2.6.
 * jQuery page; the 证件类型 select reveals the birth-date, sex and country rows for the types that need them
 * (the engine fills the document type first and waits for them). The birth-date input is a readonly jcalendar
 * input: setting its value and firing change/blur is what the page reads (§2.1). Country options read
 * "中国CHINA" with quirky values (§2.4).
 *
 * Capture check: no public capture of passenger_edit.html was found (only scripts that fill it and client ports
 * that post to /otn/passengers/add); the selectors here come from those, and the fixture re-creates the page.
 */
import type { SiteProfile } from './types.js';
import { COUNTRY_VALUES_12306, documentTypeFallback12306, is12306 } from './12306-shared.js';

const passenger12306: SiteProfile = {
  id: '12306-passenger',
  name: '12306 乘车人',
  matches: (url) => is12306(url) && /^\/otn\/view\/passenger_edit\.html$/.test(url.pathname),
  hosts: ['12306.cn'],
  // Ids seen in scripts that fill this page (§2.2): `name` [seen once], `cardCode` [confirmed], radios man/female [seen once].
  fields: {
    fullName: 'input#name',
    documentNumber: 'input#cardCode',
  },
  // The region-code select next to 手机号码 lists 中国 / 中国香港 … and must never be taken for nationality.
  ignore: ['select[name=mobile_code]', 'select#mobile_code'],
  nationalityValues: COUNTRY_VALUES_12306,
  documentTypeFallback: documentTypeFallback12306,
  fixture: 'test/fixtures/pages/12306-passenger.html',
  testUrls: ['https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add', 'https://kyfw.12306.cn/otn/view/passenger_edit.html?type=edit'],
};

export default passenger12306;
