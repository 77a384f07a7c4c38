/**
 * Emulators of the vendors' local reader services, written from docs/readers.md ("Vendor
 * services"), serving the simulator's synthetic cards (src/card/synthetic.ts) on 127.0.0.1 at a
 * free port. Each can be told to misbehave the ways a desk's service does: answer garbage, answer
 * too late, never answer, find no card or no device, or report a card type CardFill does not know.
 *
 * The emulators present the card as each vendor does: 德卡 as the chip's raw text and WLT in
 * upper-case hex; 新中新, 华视 and 东信 as parsed strings (男/女, 汉, dates in the vendor's shape).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { countryByAlpha3 } from '../../src/card/codes/countries';
import { ETHNICITY_NAME_BY_CODE } from '../../src/card/codes/ethnicity';
import { SYNTHETIC_CARDS, type SyntheticCardName } from '../../src/card/synthetic';
import { CHINAVISION_PROTOCOL } from '../../native-host/readers/service/chinavision';
import { DECARD_PROTOCOL } from '../../native-host/readers/service/decard';
import { EASTCOM_PROTOCOL } from '../../native-host/readers/service/eastcom';
import { SYNJONES_PROTOCOL } from '../../native-host/readers/service/synjones';
import type { ServiceName } from '../../native-host/readers/service/index';

export type ServiceFault =
  | 'none'
  /** Answers with something that is not JSON. */
  | 'garbage'
  /** Answers the read 6 s late (after CardFill's read budget). */
  | 'slow'
  /** Accepts the connection, never answers anything. */
  | 'never'
  /** Answers the open/init call, never the read. */
  | 'never-read'
  | 'no-card'
  /** The service runs but has no reader plugged in. */
  | 'no-device'
  /** Reports a card type CardFill does not know. */
  | 'unknown-type';

export interface EmulatorOptions {
  card?: SyntheticCardName;
  fault?: ServiceFault;
  slowMs?: number;
  /** Default 0 (a free port). */
  port?: number;
  /** 新中新: send every value as a string (builds differ: numbers on some, strings on others). */
  strings?: boolean;
}

export interface ServiceEmulator {
  url: string;
  /** Each call the emulator received, in order: "dc_init 100,115200", "GET /readcard", … */
  calls: string[];
  close(): Promise<void>;
}

/** A tiny JPEG-looking photo: SOI + APP0 marker, the synthetic portrait's bytes, EOI. */
export function servicePhoto(card: SyntheticCardName): Uint8Array {
  const body = SYNTHETIC_CARDS[card].photo;
  const out = new Uint8Array(body.length + 6);
  out.set([0xff, 0xd8, 0xff, 0xe0], 0);
  out.set(body, 4);
  out.set([0xff, 0xd9], body.length + 4);
  return out;
}

const hexUpper = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const sexWord = (code: string) => (code === '1' ? '男' : code === '2' ? '女' : '未知');
const dashed = (d: string) => (d === '长期' ? d : `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);
const chineseDate = (d: string) => (d === '长期' ? d : `${d.slice(0, 4)}年${d.slice(4, 6)}月${d.slice(6, 8)}日`);
const ethnicWord = (code: string | undefined) => (code ? (ETHNICITY_NAME_BY_CODE[code] ?? '').replace(/族$/, '') : '');

/** 新中新 WebAPI /api/ReadMsg reply. Numbers where the vendor document shows numbers. */
function synjonesReply(name: SyntheticCardName, fault: ServiceFault): Record<string, unknown> {
  const k = SYNJONES_PROTOCOL.keys;
  if (fault === 'no-card') return { [k.code]: -11, retcode: '0x80 0x0', [k.message]: '寻卡失败' };
  if (fault === 'no-device') return { [k.code]: -16, [k.message]: '设备连接错误' };
  const f = SYNTHETIC_CARDS[name].fields;
  const type = fault === 'unknown-type' ? 7 : (({ '': 0, I: 1, J: 2, Y: 3 } as Record<string, number>)[f.typeCode] ?? 9);
  const foreign = f.typeCode === 'I' || f.typeCode === 'Y';
  return {
    [k.code]: 0,
    retcode: '0x90 0x1',
    [k.message]: '成功',
    [k.type]: type,
    CardTypeName: '',
    [k.name]: f.nameZh ?? '',
    [k.nameEn]: f.nameEn ?? '',
    [k.sex]: sexWord(f.sex),
    [k.nation]: foreign ? f.nationality : ethnicWord(f.ethnicity),
    [k.born]: f.birthDate,
    [k.address]: f.address ?? '',
    [k.number]: f.number,
    [k.authority]: f.typeCode === 'I' ? f.acceptingAuthority : (f.issuer ?? ''),
    [k.from]: f.validFrom,
    [k.until]: f.validUntil,
    [k.version]: f.cardVersion ?? '',
    [k.passNumber]: f.passNumber ?? '',
    // The document shows IssuesTimes as a number on some builds and a string on others.
    [k.times]: f.typeCode === 'J' ? Number(f.issueCount) : (f.renewalCount ?? ''),
    [k.reserved]: f.association ?? '',
    [k.photo]: Buffer.from(servicePhoto(name)).toString('base64'),
  };
}

/** 华视 /readcard reply: resident-style fields only; certType " ", "I" or "J" (a Y card comes as " "). */
function chinavisionReply(name: SyntheticCardName, fault: ServiceFault): Record<string, unknown> {
  const k = CHINAVISION_PROTOCOL.keys;
  if (fault === 'no-card') return { [k.flag]: -1, [k.message]: '请放卡' };
  const f = SYNTHETIC_CARDS[name].fields;
  const foreign = f.typeCode === 'I' || f.typeCode === 'Y';
  const certType = fault === 'unknown-type' ? 'X' : f.typeCode === 'I' || f.typeCode === 'J' ? f.typeCode : ' ';
  return {
    [k.flag]: 0,
    [k.message]: '',
    [k.name]: f.typeCode === 'I' ? f.nameEn : f.nameZh,
    [k.sex]: sexWord(f.sex),
    [k.nation]: foreign ? countryByAlpha3(f.nationality!).nameZh : ethnicWord(f.ethnicity),
    [k.born]: dashed(f.birthDate),
    [k.address]: f.address ?? '',
    [k.number]: f.number,
    [k.authority]: f.typeCode === 'I' ? '公安部' : (f.issuer ?? ''),
    [k.from]: dashed(f.validFrom),
    [k.until]: dashed(f.validUntil),
    [k.photo]: Buffer.from(servicePhoto(name)).toString('base64'),
    [k.type]: certType,
  };
}

/** 东信 /card=idcard reply. */
function eastcomReply(name: SyntheticCardName, fault: ServiceFault): Record<string, unknown> {
  const k = EASTCOM_PROTOCOL.keys;
  if (fault === 'no-card') return { code: 1, message: 'no card' };
  const f = SYNTHETIC_CARDS[name].fields;
  return {
    code: 0,
    [EASTCOM_PROTOCOL.info]: {
      [k.number]: f.number,
      [k.name]: f.nameZh ?? '',
      [k.nameEn]: f.nameEn ?? '',
      [k.sex]: sexWord(f.sex),
      [k.nation]: f.typeCode === '' ? ethnicWord(f.ethnicity) : '',
      [k.nationality]: f.nationality ?? '',
      [k.born]: chineseDate(f.birthDate),
      [k.address]: f.address ?? '',
      [k.authority]: f.issuer ?? '',
      [k.from]: chineseDate(f.validFrom),
      [k.until]: chineseDate(f.validUntil),
      [k.passNumber]: f.passNumber ?? '',
      [k.times]: f.issueCount ?? '',
      ...(fault === 'unknown-type' ? { [k.type]: 'X' } : {}),
      [k.photo]: Buffer.from(servicePhoto(name)).toString('base64'),
    },
  };
}

function stringly(reply: Record<string, unknown>, on: boolean): Record<string, unknown> {
  return on ? Object.fromEntries(Object.entries(reply).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v])) : reply;
}

function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function startHttp(
  vendor: Exclude<ServiceName, 'decard'>,
  card: SyntheticCardName,
  fault: ServiceFault,
  slowMs: number,
  port = 0,
  strings = false,
): Promise<ServiceEmulator> {
  const calls: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    calls.push(`${req.method} ${path}`);
    const send = (body: unknown, delay = 0) => {
      const go = () => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (delay > 0) setTimeout(go, delay).unref();
      else go();
    };
    if (fault === 'never') return; // holds the request open, never answers
    const isRead =
      (vendor === 'synjones' && path === SYNJONES_PROTOCOL.readPath) ||
      (vendor === 'chinavision' && path === CHINAVISION_PROTOCOL.read) ||
      (vendor === 'eastcom' && path === EASTCOM_PROTOCOL.readPath && req.method === 'POST');
    if (vendor === 'chinavision' && (path === CHINAVISION_PROTOCOL.open || path === CHINAVISION_PROTOCOL.close)) {
      if (fault === 'garbage') return send('<html><body>It works!</body></html>');
      const noDevice = fault === 'no-device' && path === CHINAVISION_PROTOCOL.open;
      return send({
        [CHINAVISION_PROTOCOL.keys.flag]: noDevice ? -1 : 0,
        [CHINAVISION_PROTOCOL.keys.message]: noDevice ? '打开设备失败' : '',
      });
    }
    if (vendor === 'synjones' && path === '/api/Version') return send({ code: 0, version: 'emulator' });
    if (!isRead) {
      res.writeHead(404);
      return res.end('not found');
    }
    if (fault === 'never-read') return;
    if (fault === 'garbage') return send('<html><body>It works!</body></html>');
    const reply =
      vendor === 'synjones'
        ? stringly(synjonesReply(card, fault), strings)
        : vendor === 'chinavision'
          ? chinavisionReply(card, fault)
          : eastcomReply(card, fault);
    send(reply, fault === 'slow' ? slowMs : 0);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return listen(server, port).then((port) => ({
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  }));
}

function startDecard(card: SyntheticCardName, fault: ServiceFault, slowMs: number, port = 0): Promise<ServiceEmulator> {
  const calls: string[] = [];
  const server = http.createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  const wss = new WebSocketServer({ server });
  const clients = new Set<WebSocket>();
  let nextHandle = 7;
  const open = new Set<string>();
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data) => {
      let msg: { func?: unknown; in?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return ws.send(JSON.stringify({ result: '-100', out: [] }));
      }
      const func = String(msg.func);
      const args = Array.isArray(msg.in) ? msg.in.map(String) : [];
      calls.push(`${func} ${args.join(',')}`);
      if (fault === 'never') return;
      if (fault === 'garbage') return ws.send('this is not json');
      const reply = (result: string, out: string[] = []) => ws.send(JSON.stringify({ result, out }));
      if (func === DECARD_PROTOCOL.init) {
        // Every value is a string; dc_init needs port "100" (USB) and "115200".
        if (fault === 'no-device' || args[0] !== '100' || args[1] !== '115200') return reply('-1');
        const handle = String(nextHandle++);
        open.add(handle);
        return reply(handle);
      }
      if (func === DECARD_PROTOCOL.exit) {
        const ok = open.delete(args[0] ?? '');
        return reply(ok ? '0' : '-1');
      }
      if (func === DECARD_PROTOCOL.read) {
        if (!open.has(args[0] ?? '')) return reply('-2');
        if (fault === 'never-read') return;
        if (fault === 'no-card') return reply(DECARD_PROTOCOL.noCard);
        const c = SYNTHETIC_CARDS[fault === 'unknown-type' ? 'unsupported' : card];
        const out = [String(c.text.length), hexUpper(c.text), String(c.photo.length), hexUpper(c.photo), '0', '', '0', ''];
        if (fault === 'slow') return void setTimeout(() => ws.readyState === ws.OPEN && reply('0', out), slowMs).unref();
        return reply('0', out);
      }
      return reply('-3');
    });
  });
  return listen(server, port).then((port) => ({
    url: `ws://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  }));
}

export function startServiceEmulator(vendor: ServiceName, options: EmulatorOptions = {}): Promise<ServiceEmulator> {
  const card = options.card ?? 'resident';
  const fault = options.fault ?? 'none';
  const slowMs = options.slowMs ?? 6000;
  return vendor === 'decard'
    ? startDecard(card, fault, slowMs, options.port)
    : startHttp(vendor, card, fault, slowMs, options.port, options.strings);
}

/** A loopback URL where nothing listens (the "service not running" case). */
export async function absentServiceUrl(scheme: 'http' | 'ws'): Promise<string> {
  const server = http.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `${scheme}://127.0.0.1:${port}`;
}
