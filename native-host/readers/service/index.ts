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
  {
    name: 'decard',
    defaultUrl: DECARD_DEFAULT_URL,
    scheme: 'ws:',
    label: '德卡 (DeCard) dcrf32 service',
    labelZh: '德卡读卡服务',
    adapter: decardAdapter,
  },
  {
    name: 'synjones',
    defaultUrl: SYNJONES_DEFAULT_URL,
    scheme: 'http:',
    label: '新中新 (Synjones) WebAPI service',
    labelZh: '新中新读卡服务',
    adapter: synjonesAdapter,
  },
  {
    name: 'chinavision',
    defaultUrl: CHINAVISION_DEFAULT_URL,
    scheme: 'http:',
    label: '华视 (China Vision) CVR service',
    labelZh: '华视读卡服务',
    adapter: chinavisionAdapter,
  },
  {
    name: 'eastcom',
    defaultUrl: EASTCOM_DEFAULT_URL,
    scheme: 'http:',
    label: '东信 (Eastcom) service',
    labelZh: '东信读卡服务',
    adapter: eastcomAdapter,
  },
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
  if (!vendor)
    throw new CardFillError('BAD_REQUEST', `"${name.slice(0, 40)}" is not a reader service CardFill knows. Use ${SERVICE_SPEC_HELP}`);
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

/**
 * Where `auto` and doctor look for each service: its default address, or the one set on this
 * computer in CARDFILL_SERVICE_URLS ("synjones=http://127.0.0.1:9000,decard=ws://127.0.0.1:50151").
 * An entry that is not a known service or not a loopback URL of its scheme is ignored.
 */
export const SERVICE_URLS_ENV = 'CARDFILL_SERVICE_URLS';

export function serviceAddresses(env: Readonly<Record<string, string | undefined>> = process.env): Map<ServiceName, URL> {
  const out = new Map<ServiceName, URL>();
  for (const vendor of SERVICE_VENDORS) out.set(vendor.name, parseServiceUrl(vendor.defaultUrl, vendor.scheme, vendor.label));
  for (const entry of (env[SERVICE_URLS_ENV] ?? '').split(',')) {
    const eq = entry.indexOf('=');
    const vendor = eq > 0 ? serviceVendor(entry.slice(0, eq).trim()) : null;
    if (!vendor) continue;
    try {
      out.set(vendor.name, parseServiceUrl(entry.slice(eq + 1).trim(), vendor.scheme, vendor.label));
    } catch {
      // not a loopback URL of the service's scheme: the default stays
    }
  }
  return out;
}

/** Which known services answer (in parallel, each within `ms`), at the addresses of serviceAddresses. */
export async function findServices(
  ms: number = SERVICE_BUDGETS.ping,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ServiceFinding[]> {
  const addresses = serviceAddresses(env);
  return Promise.all(
    SERVICE_VENDORS.map(async (vendor) => {
      const url = addresses.get(vendor.name)!;
      const isDefault = url.href === parseServiceUrl(vendor.defaultUrl, vendor.scheme, vendor.label).href;
      const shown = isDefault ? vendor.defaultUrl : url.href.replace(/\/$/, '');
      return {
        vendor,
        spec: isDefault ? defaultServiceSpec(vendor) : `service:${vendor.name}@${shown}`,
        url: shown,
        answers: await serviceAnswers(url, ms),
      };
    }),
  );
}
