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

export const KINDS: CardKind[] = ['resident', 'hmt-residence-permit', 'foreign-permanent-2017', 'foreign-permanent-2023'];

function per<T>(f: (k: CardKind) => T): Record<CardKind, T> {
  return Object.fromEntries(KINDS.map((k) => [k, f(k)])) as Record<CardKind, T>;
}

const P12306_BASE = {
  passenger_id_type_code: '1',
  passenger_name: '',
  passenger_id_no: '',
  country_code: 'CN',
  _birthDate: '',
  GAT_valid_date_end: '',
  mobile_code: '86',
  mobile_no: '',
  email: '',
  passenger_type: '1',
};

export const PASSENGER_12306: FixtureExpectation = {
  id: '12306-passenger',
  path: '/pages/12306-passenger.html',
  siteUrl: 'https://kyfw.12306.cn/otn/view/passenger_edit.html?type=add',
  site: '12306-passenger',
  model: {
    resident: { ...P12306_BASE, passenger_name: '李明轩', passenger_id_no: '110105198804121254' },
    'hmt-residence-permit': {
      ...P12306_BASE,
      passenger_id_type_code: 'K',
      passenger_name: '陈嘉欣',
      passenger_id_no: '810000199509030029',
      GAT_valid_date_end: '2026-03-15',
    },
    'foreign-permanent-2017': {
      ...P12306_BASE,
      passenger_id_type_code: 'H',
      passenger_name: 'SMITH, JOHN ROBERT',
      passenger_id_no: 'USA310185031509',
      country_code: 'US',
      sex_code: 'M',
      _birthDate: '1985-03-15',
    },
    // Cabo Verde is 佛得角 with the non-ISO value KY on 12306 (docs/target-forms.md §2.4).
    'foreign-permanent-2023': {
      ...P12306_BASE,
      passenger_id_type_code: 'H',
      passenger_name: '安娜',
      passenger_id_no: '91321119900614002X',
      country_code: 'KY',
      sex_code: 'F',
      _birthDate: '1990-06-14',
    },
  },
  touched: {
    resident: ['passenger_id_no', 'passenger_name'],
    'hmt-residence-permit': ['GAT_valid_date_end', 'passenger_id_no', 'passenger_id_type_code', 'passenger_name'],
    'foreign-permanent-2017': ['_birthDate', 'country_code', 'passenger_id_no', 'passenger_id_type_code', 'passenger_name', 'sex_code'],
    'foreign-permanent-2023': ['_birthDate', 'country_code', 'passenger_id_no', 'passenger_id_type_code', 'passenger_name', 'sex_code'],
  },
};

const TAX_BASE = { zjlx: '', zjhm: '', xm: '', gjdq: '', xb: '', csrq: '', sjhm: '', mm: '' };

/** Vue 3 + Element Plus; tax codes 201 / 237 / 233 (docs/target-forms.md §3). */
export const TAX_REGISTRATION: FixtureExpectation = {
  id: 'tax-registration',
  path: '/pages/tax-registration.html',
  siteUrl: 'https://etax.chinatax.gov.cn/web/register.html',
  site: 'tax-registration',
  model: {
    resident: { ...TAX_BASE, zjlx: '201', zjhm: '110105198804121254', xm: '李明轩', gjdq: 'CHN', xb: '1', csrq: '1988-04-12' },
    'hmt-residence-permit': { ...TAX_BASE, zjlx: '237', zjhm: '810000199509030029', xm: '陈嘉欣', xb: '2', csrq: '1995-09-03' },
    'foreign-permanent-2017': {
      ...TAX_BASE,
      zjlx: '233',
      zjhm: 'USA310185031509',
      xm: 'SMITH, JOHN ROBERT',
      gjdq: 'USA',
      xb: '1',
      csrq: '1985-03-15',
    },
    'foreign-permanent-2023': {
      ...TAX_BASE,
      zjlx: '233',
      zjhm: '91321119900614002X',
      xm: '安娜',
      gjdq: 'CPV',
      xb: '2',
      csrq: '1990-06-14',
    },
  },
  touched: {
    resident: ['csrq', 'gjdq', 'xb', 'xm', 'zjhm', 'zjlx'],
    'hmt-residence-permit': ['csrq', 'xb', 'xm', 'zjhm', 'zjlx'],
    'foreign-permanent-2017': ['csrq', 'gjdq', 'xb', 'xm', 'zjhm', 'zjlx'],
    'foreign-permanent-2023': ['csrq', 'gjdq', 'xb', 'xm', 'zjhm', 'zjlx'],
  },
};

const HOTEL_BASE = {
  name: '',
  gender: '',
  ethnicity: '',
  birthday: '',
  idType: '',
  idNumber: '',
  address: '',
  nationality: '',
  surname: '',
  givenName: '',
  room: '',
  checkIn: '',
  phone: '',
};

/**
 * React 19 + Ant Design 6 hotel registration (generic classifier; virtual lists; DatePicker). 英文姓 / 英文名 ask for the
 * pinyin in capitals (the placeholder's own example: 张三 → "ZHANG"): resident and J cards get the derived pinyin there.
 */
export const HOTEL_ANTD: FixtureExpectation = {
  id: 'hotel-antd',
  path: '/pages/hotel-antd.html',
  site: null,
  model: {
    resident: {
      ...HOTEL_BASE,
      name: '李明轩',
      gender: 'M',
      ethnicity: '土家族',
      birthday: '1988-04-12',
      idType: 'ID_CARD',
      idNumber: '110105198804121254',
      address: '北京市朝阳区建国路88号院3号楼1单元502室',
      nationality: 'CHN',
      surname: 'LI',
      givenName: 'MINGXUAN',
    },
    'hmt-residence-permit': {
      ...HOTEL_BASE,
      name: '陈嘉欣',
      gender: 'F',
      birthday: '1995-09-03',
      idType: 'HMT',
      idNumber: '810000199509030029',
      address: '广东省深圳市福田区福华三路100号',
      surname: 'CHEN',
      givenName: 'JIAXIN',
    },
    'foreign-permanent-2017': {
      ...HOTEL_BASE,
      name: 'SMITH, JOHN ROBERT',
      gender: 'M',
      birthday: '1985-03-15',
      idType: 'FOREIGNER_ID_CARD',
      idNumber: 'USA310185031509',
      nationality: 'USA',
      surname: 'SMITH',
      givenName: 'JOHN ROBERT',
    },
    'foreign-permanent-2023': {
      ...HOTEL_BASE,
      name: '安娜',
      gender: 'F',
      birthday: '1990-06-14',
      idType: 'FOREIGNER_ID_CARD',
      idNumber: '91321119900614002X',
      nationality: 'CPV',
      surname: 'SILVA',
      givenName: 'ANA LUISA',
    },
  },
  touched: {
    resident: ['address', 'birthday', 'ethnicity', 'gender', 'givenName', 'idNumber', 'idType', 'name', 'nationality', 'surname'],
    'hmt-residence-permit': ['address', 'birthday', 'gender', 'givenName', 'idNumber', 'idType', 'name', 'surname'],
    'foreign-permanent-2017': ['birthday', 'gender', 'givenName', 'idNumber', 'idType', 'name', 'nationality', 'surname'],
    'foreign-permanent-2023': ['birthday', 'gender', 'givenName', 'idNumber', 'idType', 'name', 'nationality', 'surname'],
  },
};

const REG_BASE = {
  'loginUserDTO.user_name': '',
  'userDTO.password': '',
  confirmPassWord: '',
  cardType: '0',
  'loginUserDTO.id_type_code': '1',
  idTypeRadio: '1',
  'loginUserDTO.name': '',
  'loginUserDTO.id_no': '',
  'loginUserDTO.GAT_valid_date_end': '',
  'userDTO.born_date': '',
  'userDTO.country_code': 'CN',
  'userDTO.email': '',
  'userDTO.mobile_no': '',
  passenger_type: '1',
};

/**
 * 12306 registration (~2019): select group 0 + sub-choice radio. The permit's sub-choice shares the value 1 with the
 * resident ID (docs/target-forms.md §2.3); the 证件有效期截止日期 row it reveals is what tells them apart here.
 */
export const REGISTRATION_12306: FixtureExpectation = {
  id: '12306-registration',
  path: '/pages/12306-registration.html',
  siteUrl: 'https://kyfw.12306.cn/otn/regist/init',
  site: '12306-registration',
  model: {
    resident: { ...REG_BASE, 'loginUserDTO.name': '李明轩', 'loginUserDTO.id_no': '110105198804121254' },
    'hmt-residence-permit': {
      ...REG_BASE,
      'loginUserDTO.name': '陈嘉欣',
      'loginUserDTO.id_no': '810000199509030029',
      'loginUserDTO.GAT_valid_date_end': '2026-03-15',
    },
    'foreign-permanent-2017': {
      ...REG_BASE,
      'loginUserDTO.id_type_code': 'H',
      idTypeRadio: 'H',
      'loginUserDTO.name': 'SMITH, JOHN ROBERT',
      'loginUserDTO.id_no': 'USA310185031509',
      'userDTO.born_date': '1985-03-15',
      'userDTO.sex_code': 'M',
      'userDTO.country_code': 'US',
    },
    'foreign-permanent-2023': {
      ...REG_BASE,
      'loginUserDTO.id_type_code': 'H',
      idTypeRadio: 'H',
      'loginUserDTO.name': '安娜',
      'loginUserDTO.id_no': '91321119900614002X',
      'userDTO.born_date': '1990-06-14',
      'userDTO.sex_code': 'F',
      'userDTO.country_code': 'KY',
    },
  },
  touched: {
    resident: ['loginUserDTO.id_no', 'loginUserDTO.name'],
    'hmt-residence-permit': ['idTypeRadio', 'loginUserDTO.GAT_valid_date_end', 'loginUserDTO.id_no', 'loginUserDTO.name'],
    'foreign-permanent-2017': [
      'idTypeRadio',
      'loginUserDTO.id_no',
      'loginUserDTO.name',
      'userDTO.born_date',
      'userDTO.country_code',
      'userDTO.sex_code',
    ],
    'foreign-permanent-2023': [
      'idTypeRadio',
      'loginUserDTO.id_no',
      'loginUserDTO.name',
      'userDTO.born_date',
      'userDTO.country_code',
      'userDTO.sex_code',
    ],
  },
};

const LAYUI_BASE = { zjlx: '', zjhm: '', xm: '', xb: '', csrq: '', mz: '', gj: '', zz: '', qfjg: '', lxdh: '', ks: '' };

/** layui 2.13: drawn selects and radios, laydate input. */
export const LAYUI_FORM: FixtureExpectation = {
  id: 'layui-form',
  path: '/pages/layui-form.html',
  site: null,
  model: {
    resident: {
      ...LAYUI_BASE,
      zjlx: '01',
      zjhm: '110105198804121254',
      xm: '李明轩',
      xb: '1',
      csrq: '1988-04-12',
      mz: '15',
      gj: 'CHN',
      zz: '北京市朝阳区建国路88号院3号楼1单元502室',
      qfjg: '北京市公安局朝阳分局',
    },
    'hmt-residence-permit': {
      ...LAYUI_BASE,
      zjlx: '06',
      zjhm: '810000199509030029',
      xm: '陈嘉欣',
      xb: '2',
      csrq: '1995-09-03',
      zz: '广东省深圳市福田区福华三路100号',
      qfjg: '深圳市公安局',
    },
    'foreign-permanent-2017': {
      ...LAYUI_BASE,
      zjlx: '13',
      zjhm: 'USA310185031509',
      xm: 'SMITH, JOHN ROBERT',
      xb: '1',
      csrq: '1985-03-15',
      gj: 'USA',
    },
    'foreign-permanent-2023': { ...LAYUI_BASE, zjlx: '13', zjhm: '91321119900614002X', xm: '安娜', xb: '2', csrq: '1990-06-14', gj: 'CPV' },
  },
  touched: {
    resident: ['csrq', 'gj', 'mz', 'qfjg', 'xb', 'xm', 'zjhm', 'zjlx', 'zz'],
    'hmt-residence-permit': ['csrq', 'qfjg', 'xb', 'xm', 'zjhm', 'zjlx', 'zz'],
    'foreign-permanent-2017': ['csrq', 'gj', 'xb', 'xm', 'zjhm', 'zjlx'],
    'foreign-permanent-2023': ['csrq', 'gj', 'xb', 'xm', 'zjhm', 'zjlx'],
  },
};

const LEGACY_BASE = {
  xm: '',
  xbdm: '',
  csrq: '',
  mzdm: '',
  zjlxdm: '',
  zjhm: '',
  gjdm: '',
  fzjg: '',
  yxqq: '',
  yxqz: '',
  hjdz: '',
  ywxm: '',
  txzhm: '',
  qfcs: '',
  fjh: '',
  lxdh: '',
  gzdw: '',
  tzr_xm: '',
  tzr_zjhm: '',
  tzr_gx: '',
};

/** Layout table, labels in neighbour cells, pinyin names, yyyymmdd dates, numeric country codes; the 同住人 row untouched. */
export const LEGACY_TABLE: FixtureExpectation = {
  id: 'legacy-table',
  path: '/pages/legacy-table.html',
  site: null,
  model: {
    resident: {
      ...LEGACY_BASE,
      xm: '李明轩',
      xbdm: '1',
      csrq: '19880412',
      mzdm: '15',
      zjlxdm: '11',
      zjhm: '110105198804121254',
      gjdm: '156',
      fzjg: '北京市公安局朝阳分局',
      yxqq: '20160520',
      yxqz: '20360520',
      hjdz: '北京市朝阳区建国路88号院3号楼1单元502室',
      ywxm: 'LI MINGXUAN',
    },
    'hmt-residence-permit': {
      ...LEGACY_BASE,
      xm: '陈嘉欣',
      xbdm: '2',
      csrq: '19950903',
      zjlxdm: '14',
      zjhm: '810000199509030029',
      fzjg: '深圳市公安局',
      yxqq: '20210315',
      yxqz: '20260315',
      hjdz: '广东省深圳市福田区福华三路100号',
      txzhm: 'H60123456',
      qfcs: '2',
      ywxm: 'CHEN JIAXIN',
    },
    'foreign-permanent-2017': {
      ...LEGACY_BASE,
      xm: 'SMITH, JOHN ROBERT',
      xbdm: '1',
      csrq: '19850315',
      zjlxdm: '95',
      zjhm: 'USA310185031509',
      gjdm: '840',
      yxqq: '20190801',
      yxqz: '20290801',
      ywxm: 'SMITH, JOHN ROBERT',
    },
    'foreign-permanent-2023': {
      ...LEGACY_BASE,
      xm: '安娜',
      xbdm: '2',
      csrq: '19900614',
      zjlxdm: '95',
      zjhm: '91321119900614002X',
      gjdm: '132',
      yxqq: '20240110',
      yxqz: '20340109',
      ywxm: 'SILVA, ANA LUISA',
    },
  },
  touched: {
    resident: ['csrq', 'fzjg', 'gjdm', 'hjdz', 'mzdm', 'xbdm', 'xm', 'ywxm', 'yxqq', 'yxqz', 'zjhm', 'zjlxdm'],
    'hmt-residence-permit': ['csrq', 'fzjg', 'hjdz', 'qfcs', 'txzhm', 'xbdm', 'xm', 'ywxm', 'yxqq', 'yxqz', 'zjhm', 'zjlxdm'],
    'foreign-permanent-2017': ['csrq', 'gjdm', 'xbdm', 'xm', 'ywxm', 'yxqq', 'yxqz', 'zjhm', 'zjlxdm'],
    'foreign-permanent-2023': ['csrq', 'gjdm', 'xbdm', 'xm', 'ywxm', 'yxqq', 'yxqz', 'zjhm', 'zjlxdm'],
  },
};

const split = (name: string, id: string, y: string, m: string, d: string) => ({
  realname: name,
  idno: id,
  birth_year: y,
  birth_month: m,
  birth_day: d,
  nick: '',
});
const SPLIT_TOUCHED = ['birth_day', 'birth_month', 'birth_year', 'idno', 'realname'];

/** Year / month / day selects; the day list is rebuilt after year and month change. */
export const SPLIT_DATE: FixtureExpectation = {
  id: 'split-date',
  path: '/pages/split-date.html',
  site: null,
  model: {
    resident: split('李明轩', '110105198804121254', '1988', '04', '12'),
    'hmt-residence-permit': split('陈嘉欣', '810000199509030029', '1995', '09', '03'),
    'foreign-permanent-2017': split('SMITH, JOHN ROBERT', 'USA310185031509', '1985', '03', '15'),
    'foreign-permanent-2023': split('安娜', '91321119900614002X', '1990', '06', '14'),
  },
  touched: per(() => SPLIT_TOUCHED),
};

const EN_BASE = { g1: '', g2: '', g3: '', g4: '', g5: '', g6: '', g7: '', g8: '' };

/** English form identified only by autocomplete tokens; email / tel / country never touched. Resident and J cards get
 * pinyin in given-name / family-name (derived from the Chinese name, as the popup computes it). */
export const ENGLISH_AUTOCOMPLETE: FixtureExpectation = {
  id: 'english-autocomplete',
  path: '/pages/english-autocomplete.html',
  site: null,
  model: {
    resident: { ...EN_BASE, g1: '李明轩', g2: 'Mingxuan', g3: 'Li', g4: '1988-04-12', g5: '北京市朝阳区建国路88号院3号楼1单元502室' },
    'hmt-residence-permit': { ...EN_BASE, g1: '陈嘉欣', g2: 'Jiaxin', g3: 'Chen', g4: '1995-09-03', g5: '广东省深圳市福田区福华三路100号' },
    'foreign-permanent-2017': { ...EN_BASE, g1: 'SMITH, JOHN ROBERT', g2: 'JOHN ROBERT', g3: 'SMITH', g4: '1985-03-15' },
    'foreign-permanent-2023': { ...EN_BASE, g1: 'SILVA, ANA LUISA', g2: 'ANA LUISA', g3: 'SILVA', g4: '1990-06-14' },
  },
  touched: {
    resident: ['g1', 'g2', 'g3', 'g4', 'g5'],
    'hmt-residence-permit': ['g1', 'g2', 'g3', 'g4', 'g5'],
    'foreign-permanent-2017': ['g1', 'g2', 'g3', 'g4'],
    'foreign-permanent-2023': ['g1', 'g2', 'g3', 'g4'],
  },
};

const frame = (name: string, id: string, sex: string) => ({
  visitor_name: name,
  visitor_id: id,
  visitor_sex: sex,
  'sandboxed.visitor_name': '',
  'sandboxed.visitor_id': '',
  'sandboxed.visitor_sex': '',
  'covered.visitor_name': '',
  'covered.visitor_id': '',
  'covered.visitor_sex': '',
});

/** Same-origin iframe filled; sandboxed, cross-origin and covered iframes refused (the test also reads the cross-origin one). */
export const FRAMES: FixtureExpectation = {
  id: 'frames',
  path: '/pages/frames.html',
  site: null,
  model: {
    resident: frame('李明轩', '110105198804121254', 'M'),
    'hmt-residence-permit': frame('陈嘉欣', '810000199509030029', 'F'),
    'foreign-permanent-2017': frame('SMITH, JOHN ROBERT', 'USA310185031509', 'M'),
    'foreign-permanent-2023': frame('安娜', '91321119900614002X', 'F'),
  },
  touched: per(() => ['visitor_id', 'visitor_name', 'visitor_sex']),
  refused: [
    { label: '', reason: 'sandboxed frame' },
    { label: '', reason: 'cross-origin frame' },
    { label: '姓名', reason: 'covered by another element' },
    { label: '证件号码', reason: 'covered by another element' },
  ],
};

const shadow = (name: string, id: string, birth: string) => ({
  name,
  idNo: id,
  birth,
  'closed.name': '',
  'closed.idNo': '',
  'closed.birth': '',
});

/** A form in an open shadow root (filled, YYYY/MM/DD from its placeholder); a closed root stays untouched. */
export const SHADOW_ROOT: FixtureExpectation = {
  id: 'shadow-root',
  path: '/pages/shadow-root.html',
  site: null,
  model: {
    resident: shadow('李明轩', '110105198804121254', '1988/04/12'),
    'hmt-residence-permit': shadow('陈嘉欣', '810000199509030029', '1995/09/03'),
    'foreign-permanent-2017': shadow('SMITH, JOHN ROBERT', 'USA310185031509', '1985/03/15'),
    'foreign-permanent-2023': shadow('安娜', '91321119900614002X', '1990/06/14'),
  },
  touched: per(() => ['birth', 'idNo', 'name']),
};

const NEVER_BASE = {
  shown_name: '',
  shown_id: '',
  trap_display_none: '',
  trap_visibility: '',
  trap_opacity: '',
  trap_clip: '',
  trap_tiny: '',
  trap_offscreen: '',
  trap_covered: '',
  trap_disabled: '',
  trap_password: '',
  trap_readonly: '',
  trap_aria_hidden: '',
  trap_content_visibility: '',
  phone: '',
};

/** Hidden-field phishing traps (docs/architecture.md §6 never-list): only the two visible fields are written. */
export const NEVER_LIST: FixtureExpectation = {
  id: 'never-list',
  path: '/pages/never-list.html',
  site: null,
  model: {
    resident: { ...NEVER_BASE, shown_name: '李明轩', shown_id: '110105198804121254' },
    'hmt-residence-permit': { ...NEVER_BASE, shown_name: '陈嘉欣', shown_id: '810000199509030029' },
    'foreign-permanent-2017': { ...NEVER_BASE, shown_name: 'SMITH, JOHN ROBERT', shown_id: 'USA310185031509' },
    'foreign-permanent-2023': { ...NEVER_BASE, shown_name: '安娜', shown_id: '91321119900614002X' },
  },
  touched: per(() => ['shown_id', 'shown_name']),
  refused: [
    { label: '住址', reason: 'hidden' },
    { label: '出生日期', reason: 'hidden' },
    { label: '民族', reason: 'invisible' },
    { label: '签发机关', reason: 'clipped out of sight' },
    { label: '有效期至', reason: 'too small to see' },
    { label: '国籍', reason: 'off-screen' },
    { label: '性别', reason: 'covered by another element' },
    { label: '英文姓名', reason: 'disabled' },
    { label: '身份证号', reason: 'password field' },
    { label: '签发次数', reason: 'read-only' },
    { label: '通行证号码', reason: 'hidden' },
    { label: '签发日期', reason: 'hidden' },
  ],
};

const reg12123 = (type: string, name: string, id: string) => ({
  sfzmmc: type,
  xm: name,
  sfzmhm: id,
  sjhm: '',
  smsCode: '',
  mm: '',
  captcha: '',
});

/** Illustrative 12123 form (no public markup; reference §4): profile URL predicate + generic classifier. */
export const REGISTER_12123: FixtureExpectation = {
  id: '12123-register',
  path: '/pages/12123-register.html',
  siteUrl: 'https://gab.122.gov.cn/m/register',
  site: '12123',
  model: {
    resident: reg12123('A', '李明轩', '110105198804121254'),
    'hmt-residence-permit': reg12123('H', '陈嘉欣', '810000199509030029'),
    'foreign-permanent-2017': reg12123('E', 'SMITH, JOHN ROBERT', 'USA310185031509'),
    'foreign-permanent-2023': reg12123('E', '安娜', '91321119900614002X'),
  },
  touched: {
    resident: ['sfzmhm', 'xm'],
    'hmt-residence-permit': ['sfzmhm', 'sfzmmc', 'xm'],
    'foreign-permanent-2017': ['sfzmhm', 'sfzmmc', 'xm'],
    'foreign-permanent-2023': ['sfzmhm', 'sfzmmc', 'xm'],
  },
};

const gov = (type: string, name: string, id: string) => ({ cardType: type, name, certNo: id, phone: '', smsCode: '' });

/** Illustrative government-service-platform form (reference §5): profile URL predicate + generic classifier. */
export const GOV_SERVICE: FixtureExpectation = {
  id: 'gov-service-register',
  path: '/pages/gov-service-register.html',
  siteUrl: 'https://zc.gjzwfw.gov.cn/register.html',
  site: 'gov-service-platform',
  model: {
    resident: gov('111', '李明轩', '110105198804121254'),
    'hmt-residence-permit': gov('555', '陈嘉欣', '810000199509030029'),
    'foreign-permanent-2017': gov('554', 'SMITH, JOHN ROBERT', 'USA310185031509'),
    'foreign-permanent-2023': gov('554', '安娜', '91321119900614002X'),
  },
  touched: {
    resident: ['certNo', 'name'],
    'hmt-residence-permit': ['cardType', 'certNo', 'name'],
    'foreign-permanent-2017': ['cardType', 'certNo', 'name'],
    'foreign-permanent-2023': ['cardType', 'certNo', 'name'],
  },
};

const visitor = (over: Record<string, string>) => ({
  certType: 'ID_CARD',
  certNo: '',
  zhName: '',
  surName: '',
  givenNames: '',
  gender: '',
  birth: '',
  mobile: '',
  ...over,
});

/** Mobile visitor form with fake radios (a.check-radio), a readonly tap-picker date and FOREIGNER_ID_CARD. */
export const VISITOR_MOBILE: FixtureExpectation = {
  id: 'visitor-mobile',
  path: '/pages/visitor-mobile.html',
  site: null,
  model: {
    resident: visitor({
      certNo: '110105198804121254',
      zhName: '李明轩',
      surName: 'LI',
      givenNames: 'MINGXUAN',
      gender: 'M',
      birth: '1988-04-12',
    }),
    'hmt-residence-permit': visitor({
      certType: 'HMT_RESIDENCE',
      certNo: '810000199509030029',
      zhName: '陈嘉欣',
      surName: 'CHEN',
      givenNames: 'JIAXIN',
      gender: 'F',
      birth: '1995-09-03',
    }),
    'foreign-permanent-2017': visitor({
      certType: 'FOREIGNER_ID_CARD',
      certNo: 'USA310185031509',
      surName: 'SMITH',
      givenNames: 'JOHN ROBERT',
      gender: 'M',
      birth: '1985-03-15',
    }),
    'foreign-permanent-2023': visitor({
      certType: 'FOREIGNER_ID_CARD',
      certNo: '91321119900614002X',
      zhName: '安娜',
      surName: 'SILVA',
      givenNames: 'ANA LUISA',
      gender: 'F',
      birth: '1990-06-14',
    }),
  },
  touched: {
    resident: ['birth', 'certNo', 'gender', 'givenNames', 'surName', 'zhName'],
    'hmt-residence-permit': ['birth', 'certNo', 'certType', 'gender', 'givenNames', 'surName', 'zhName'],
    'foreign-permanent-2017': ['birth', 'certNo', 'certType', 'gender', 'givenNames', 'surName'],
    'foreign-permanent-2023': ['birth', 'certNo', 'certType', 'gender', 'givenNames', 'surName', 'zhName'],
  },
};

const CHECKOUT_BASE = {
  consignee_name: '',
  address: '',
  phone: '',
  holder_name: '',
  card_no: '',
  cardName: '',
  billing_address: '',
  invoice_title: '',
  tax_no: '',
  company_name: '',
  coupon_code: '',
  member_card_no: '',
  recipient: '',
  shipping_address: '',
};

/** A checkout form whose look-alike fields (consignee, cardholder, bank card, billing address …) must never be filled. */
export const CHECKOUT_DISTRACTORS: FixtureExpectation = {
  id: 'checkout-distractors',
  path: '/pages/checkout-distractors.html',
  site: null,
  model: per(() => CHECKOUT_BASE),
  touched: per(() => []),
};

export const FIXTURES: FixtureExpectation[] = [
  PASSENGER_12306,
  REGISTRATION_12306,
  TAX_REGISTRATION,
  HOTEL_ANTD,
  LAYUI_FORM,
  LEGACY_TABLE,
  SPLIT_DATE,
  ENGLISH_AUTOCOMPLETE,
  FRAMES,
  SHADOW_ROOT,
  NEVER_LIST,
  REGISTER_12123,
  GOV_SERVICE,
  VISITOR_MOBILE,
  CHECKOUT_DISTRACTORS,
];
