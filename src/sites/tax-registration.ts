/**
 * Personal income tax (自然人电子税务局, etax.chinatax.gov.cn and provincial *.chinatax.gov.cn hosts),
 * docs/target-forms.md §3. The web portal is a hash-routed Vue SPA with Element UI [seen once]; element ids of
 * the registration form are unknown [unconfirmed], so this profile names no selectors: the generic classifier
 * reads the el-form-item labels (证件类型, 证件号码, 姓名, 国籍(地区)). Document types use the tax codes
 * (233 for the permanent-resident card, 237/238 for residence permits), matched by option text first.
 *
 * Capture check: no public capture of the registration form was found (only an automation test that targets its
 * Element UI classes); the fixture re-creates it from the documented labels. The Element UI corpus pages
 * (test/fixtures/real/zisu1990-hotel-checkin.html and others) cover the same widget markup.
 */
import type { SiteProfile } from './types.js';

const taxRegistration: SiteProfile = {
  id: 'tax-registration',
  name: '个人所得税 注册',
  matches: (url) => url.protocol === 'https:' && (url.hostname === 'etax.chinatax.gov.cn' || url.hostname.endsWith('.chinatax.gov.cn')),
  hosts: ['chinatax.gov.cn'],
  // 户籍所在地 / 经常居住地 / 工作地 are cascading region pickers (§3): never put the card address into them.
  ignore: ['.el-cascader', '.el-cascader input'],
  fixture: 'test/fixtures/pages/tax-registration.html',
  testUrls: ['https://etax.chinatax.gov.cn/web/register.html'],
};

// The test URL is the replica's address; the live path is unknown.

export default taxRegistration;
