/**
 * `service:NAME[@URL]` (docs/readers.md, "Vendor services"): the reader services vendors install
 * on the desk, used by the host only — a web page never reaches them through CardFill.
 */
import { CardFillError } from '../../../src/errors';
import type { PhotoDecoder } from '../sam-reader';
import type { ReaderInfo } from '../types';
import { chinavisionAdapter, CHINAVISION_DEFAULT_URL } from './chinavision';
import { decardAdapter, DECARD_DEFAULT_URL } from './decard';
import { eastcomAdapter, EASTCOM_DEFAULT_URL } from './eastcom';
import { ServiceReader, SERVICE_BUDGETS, type ServiceAdapter } from './reader';
import { synjonesAdapter, SYNJONES_DEFAULT_URL } from './synjones';
import { parseServiceUrl, serviceAnswers } from './transport';

export type ServiceName = 'decard' | 'synjones' | 'chinavision' | 'eastcom';

export interface ServiceVendor {
  name: ServiceName;
  defaultUrl: string;
  scheme: 'http:' | 'ws:';
  label: string;
  labelZh: string;
  adapter: ServiceAdapter;
}

/** In the order `auto` tries them: the raw-text service first, then the parsed ones. */
export const SERVICE_VENDORS: readonly ServiceVendor[] = [
  { name: 'decard', defaultUrl: DECARD_DEFAULT_URL, scheme: 'ws:', label: '德卡 (DeCard) dcrf32 service', labelZh: '德卡读卡服务', adapter: decardAdapter },
  { name: 'synjones', defaultUrl: SYNJONES_DEFAULT_URL, scheme: 'http:', label: '新中新 (Synjones) WebAPI service', labelZh: '新中新读卡服务', adapter: synjonesAdapter },
  { name: 'chinavision', defaultUrl: CHINAVISION_DEFAULT_URL, scheme: 'http:', label: '华视 (China Vision) CVR service', labelZh: '华视读卡服务', adapter: chinavisionAdapter },
  { name: 'eastcom', defaultUrl: EASTCOM_DEFAULT_URL, scheme: 'http:', label: '东信 (Eastcom) service', labelZh: '东信读卡服务', adapter: eastcomAdapter },
];

export const SERVICE_SPEC_HELP = `service:NAME[@URL] with NAME one of ${SERVICE_VENDORS.map((v) => v.name).join(', ')} (e.g. service:decard, service:synjones@http://127.0.0.1:8989)`;

export function serviceVendor(name: string): ServiceVendor | null {
  return SERVICE_VENDORS.find((v) => v.name === name) ?? null;
}

/** The SPEC that names a vendor's service at its default URL. */
export function defaultServiceSpec(vendor: ServiceVendor): string {
  return `service:${vendor.name}`;
}

/** `rest` is what follows `service:` — NAME or NAME@URL. */
export function parseServiceSpec(rest: string): { vendor: ServiceVendor; url: URL; defaultUrl: boolean } {
  const at = rest.indexOf('@');
  const name = at >= 0 ? rest.slice(0, at) : rest;
  const vendor = serviceVendor(name);
  if (!vendor) throw new CardFillError('BAD_REQUEST', `"${name.slice(0, 40)}" is not a reader service CardFill knows. Use ${SERVICE_SPEC_HELP}`);
  const raw = at >= 0 ? rest.slice(at + 1) : vendor.defaultUrl;
  return { vendor, url: parseServiceUrl(raw, vendor.scheme, vendor.label), defaultUrl: at < 0 || raw === vendor.defaultUrl };
}

export function openServiceReader(spec: string, rest: string, photoDecoder: PhotoDecoder | null): ServiceReader {
  const { vendor, url } = parseServiceSpec(rest);
  const info: ReaderInfo = { spec, kind: 'service', name: `${vendor.label} at ${url.origin}` };
  return new ServiceReader(info, url, vendor.adapter, photoDecoder);
}

export interface ServiceFinding {
  vendor: ServiceVendor;
  spec: string;
  url: string;
  answers: boolean;
}

/** Which known services answer at their default URLs (in parallel, each within `ms`). */
export async function findServices(ms: number = SERVICE_BUDGETS.ping): Promise<ServiceFinding[]> {
  return Promise.all(
    SERVICE_VENDORS.map(async (vendor) => ({
      vendor,
      spec: defaultServiceSpec(vendor),
      url: vendor.defaultUrl,
      answers: await serviceAnswers(parseServiceUrl(vendor.defaultUrl, vendor.scheme, vendor.label), ms),
    })),
  );
}
