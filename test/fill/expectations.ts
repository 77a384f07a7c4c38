/**
 * What each fixture page must hold after filling each card, as the page's own framework holds it
 * (window.__model()), and which of the page's fields may have seen input/change (window.__touched()).
 * Shared by test/browser/fill-engine.test.ts and the lead's "through the real extension" variant.
 */
import type { CardKind } from '../../src/card/record.js';

export interface FixtureExpectation {
  /** Short id, also the test name. */
  id: string;
  /** Path on the fixture server (test/fixtures/ is served at the root). */
  path: string;
  /**
   * The real address the page imitates. Tests route this URL to the fixture server (Playwright `page.route`)
   * so the site profile's URL predicate applies exactly as on the live site. Absent: load `path` directly.
   */
  siteUrl?: string;
  /** plan.site expected on this page. */
  site: string | null;
  /** The whole model after filling each card (every key; so an untouched field must keep its default). */
  model: Record<CardKind, Record<string, string>>;
  /** Exactly the model keys that may see input/change events for each card. */
  touched: Record<CardKind, string[]>;
  /** Fields that must be listed as refused in the plan, per card (label substring → reason substring). */
  refused?: { label: string; reason: string }[];
}

const KINDS: CardKind[] = ['resident', 'hmt-residence-permit', 'foreign-permanent-2017', 'foreign-permanent-2023'];

function per<T>(f: (k: CardKind) => T): Record<CardKind, T> {
  return Object.fromEntries(KINDS.map((k) => [k, f(k)])) as Record<CardKind, T>;
}

const P12306_BASE = {
  passenger_id_type_code: '1', passenger_name: '', passenger_id_no: '', country_code: 'CN', _birthDate: '',
  GAT_valid_date_end: '', mobile_code: '86', mobile_no: '', email: '', passenger_type: '1',
};

export const PASSENGER_12306: FixtureExpectation = {
  id: '12306-passenger',
  path: '/pages/12306-passenger.html',
  siteUrl: 'https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add',
  site: '12306-passenger',
  model: {
    resident: { ...P12306_BASE, passenger_name: '李明轩', passenger_id_no: '110105198804121254' },
    'hmt-residence-permit': { ...P12306_BASE, passenger_id_type_code: 'K', passenger_name: '陈嘉欣', passenger_id_no: '810000199509030029',
      GAT_valid_date_end: '2026-03-15' },
    'foreign-permanent-2017': { ...P12306_BASE, passenger_id_type_code: 'H', passenger_name: 'SMITH, JOHN ROBERT',
      passenger_id_no: 'USA310185031509', country_code: 'US', sex_code: 'M', _birthDate: '1985-03-15' },
    // Cabo Verde is 佛得角 with the non-ISO value KY on 12306 (reference/target-forms.md §2.4).
    'foreign-permanent-2023': { ...P12306_BASE, passenger_id_type_code: 'H', passenger_name: '安娜', passenger_id_no: '91321119900614002X',
      country_code: 'KY', sex_code: 'F', _birthDate: '1990-06-14' },
  },
  touched: {
    resident: ['passenger_id_no', 'passenger_name'],
    'hmt-residence-permit': ['GAT_valid_date_end', 'passenger_id_no', 'passenger_id_type_code', 'passenger_name'],
    'foreign-permanent-2017': ['_birthDate', 'country_code', 'passenger_id_no', 'passenger_id_type_code', 'passenger_name', 'sex_code'],
    'foreign-permanent-2023': ['_birthDate', 'country_code', 'passenger_id_no', 'passenger_id_type_code', 'passenger_name', 'sex_code'],
  },
};

const TAX_BASE = { zjlx: '', zjhm: '', xm: '', gjdq: '', xb: '', csrq: '', sjhm: '', mm: '' };

/** Vue 3 + Element Plus; tax codes 201 / 237 / 233 (reference/target-forms.md §3). */
export const TAX_REGISTRATION: FixtureExpectation = {
  id: 'tax-registration',
  path: '/pages/tax-registration.html',
  siteUrl: 'https://etax.chinatax.gov.cn/web/register.html',
  site: 'tax-registration',
  model: {
    resident: { ...TAX_BASE, zjlx: '201', zjhm: '110105198804121254', xm: '李明轩', gjdq: 'CHN', xb: '1', csrq: '1988-04-12' },
    'hmt-residence-permit': { ...TAX_BASE, zjlx: '237', zjhm: '810000199509030029', xm: '陈嘉欣', xb: '2', csrq: '1995-09-03' },
    'foreign-permanent-2017': { ...TAX_BASE, zjlx: '233', zjhm: 'USA310185031509', xm: 'SMITH, JOHN ROBERT', gjdq: 'USA', xb: '1', csrq: '1985-03-15' },
    'foreign-permanent-2023': { ...TAX_BASE, zjlx: '233', zjhm: '91321119900614002X', xm: '安娜', gjdq: 'CPV', xb: '2', csrq: '1990-06-14' },
  },
  touched: {
    resident: ['csrq', 'gjdq', 'xb', 'xm', 'zjhm', 'zjlx'],
    'hmt-residence-permit': ['csrq', 'xb', 'xm', 'zjhm', 'zjlx'],
    'foreign-permanent-2017': ['csrq', 'gjdq', 'xb', 'xm', 'zjhm', 'zjlx'],
    'foreign-permanent-2023': ['csrq', 'gjdq', 'xb', 'xm', 'zjhm', 'zjlx'],
  },
};

const HOTEL_BASE = { name: '', gender: '', ethnicity: '', birthday: '', idType: '', idNumber: '', address: '', nationality: '',
  surname: '', givenName: '', room: '', checkIn: '', phone: '' };

/** React 19 + Ant Design 6 hotel registration (generic classifier; virtual lists; DatePicker). */
export const HOTEL_ANTD: FixtureExpectation = {
  id: 'hotel-antd',
  path: '/pages/hotel-antd.html',
  site: null,
  model: {
    resident: { ...HOTEL_BASE, name: '李明轩', gender: 'M', ethnicity: '土家族', birthday: '1988-04-12', idType: 'ID_CARD',
      idNumber: '110105198804121254', address: '北京市朝阳区建国路88号院3号楼1单元502室', nationality: 'CHN' },
    'hmt-residence-permit': { ...HOTEL_BASE, name: '陈嘉欣', gender: 'F', birthday: '1995-09-03', idType: 'HMT', idNumber: '810000199509030029',
      address: '广东省深圳市福田区福华三路100号' },
    'foreign-permanent-2017': { ...HOTEL_BASE, name: 'SMITH, JOHN ROBERT', gender: 'M', birthday: '1985-03-15', idType: 'FOREIGNER_ID_CARD',
      idNumber: 'USA310185031509', nationality: 'USA', surname: 'SMITH', givenName: 'JOHN ROBERT' },
    'foreign-permanent-2023': { ...HOTEL_BASE, name: '安娜', gender: 'F', birthday: '1990-06-14', idType: 'FOREIGNER_ID_CARD',
      idNumber: '91321119900614002X', nationality: 'CPV', surname: 'SILVA', givenName: 'ANA LUISA' },
  },
  touched: {
    resident: ['address', 'birthday', 'ethnicity', 'gender', 'idNumber', 'idType', 'name', 'nationality'],
    'hmt-residence-permit': ['address', 'birthday', 'gender', 'idNumber', 'idType', 'name'],
    'foreign-permanent-2017': ['birthday', 'gender', 'givenName', 'idNumber', 'idType', 'name', 'nationality', 'surname'],
    'foreign-permanent-2023': ['birthday', 'gender', 'givenName', 'idNumber', 'idType', 'name', 'nationality', 'surname'],
  },
};

export const FIXTURES: FixtureExpectation[] = [PASSENGER_12306, TAX_REGISTRATION, HOTEL_ANTD];
export { KINDS, per };
