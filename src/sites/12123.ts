/**
 * 交管12123 (gab.122.gov.cn and the province hosts xx.122.gov.cn), docs/target-forms.md §4. Only the login
 * page is publicly documented; personal registration happens in the app with face verification, and no web
 * identity-form markup was found [unconfirmed]. So this profile only scopes the site: the generic classifier fills
 * whatever identity form the web site shows, and the captcha / SMS / password fields are never touched.
 *
 * Capture check: no public capture of a 12123 web identity form was found; the nearest real page in the corpus is a
 * city traffic-police app's licence binding (test/fixtures/real/feicm-jnjj-driver-bind.html), filled generically.
 */
import type { SiteProfile } from './types.js';

const site12123: SiteProfile = {
  id: '12123',
  name: '交管12123',
  matches: (url) => url.protocol === 'https:' && (url.hostname === '122.gov.cn' || url.hostname.endsWith('.122.gov.cn')),
  hosts: ['122.gov.cn'],
  ignore: ['input[name*=captcha i]', 'input[name*=yzm i]', 'input[name*=sms i]'],
  fixture: 'test/fixtures/pages/12123-register.html',
  testUrls: ['https://gab.122.gov.cn/m/login', 'https://bj.122.gov.cn/'],
};

// The fill tests serve the replica at https://gab.122.gov.cn/m/register, an invented path.

export default site12123;
