/**
 * 国家政务服务平台 (gjzwfw.gov.cn: www., app., zc.), docs/target-forms.md §5. Only the hosts are known; the
 * provincial identity centres' "自然人注册（两要素/四要素）" APIs suggest 姓名 + 证件号码 (+ 手机号 + 验证码)
 * [unconfirmed]. The profile scopes the site and keeps the generic classifier away from the SMS code field.
 *
 * Capture check: no public capture of the platform's registration page was found; this profile is unverified
 * against the live markup and relies on the generic classifier.
 */
import type { SiteProfile } from './types.js';

const govServicePlatform: SiteProfile = {
  id: 'gov-service-platform',
  name: '国家政务服务平台',
  matches: (url) => url.protocol === 'https:' && (url.hostname === 'gjzwfw.gov.cn' || url.hostname.endsWith('.gjzwfw.gov.cn')),
  hosts: ['gjzwfw.gov.cn'],
  ignore: ['input[name*=captcha i]', 'input[name*=yzm i]', 'input[name*=sms i]'],
  fixture: 'test/fixtures/pages/gov-service-register.html',
  testUrls: ['https://zc.gjzwfw.gov.cn/'],
};

// The fill tests serve the replica at https://zc.gjzwfw.gov.cn/register.html, an invented path.

export default govServicePlatform;
