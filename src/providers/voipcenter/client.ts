// VoipCenter over HTTP: every request signed (signing.ts) and sent as a POST form, so
// pwd and pass never appear in a URL or a --debug line. Error 11 corrects the clock
// offset from the server's Date header and retries once; error 13 backs off and retries.
import { setTimeout as sleep } from 'node:timers/promises';
import { XMLParser } from 'fast-xml-parser';
import { ProviderError } from '../../engine/provider.ts';
import { createHttp, snippet, type ConnectionSettings, type Http, type RunContext } from '../http.ts';
import { TIMESTAMP_MISMATCH, TOO_MANY_ATTEMPTS, VoipcenterError } from './codes.ts';
import { signedParams, type VoipcenterCredentials, type VoipcenterScript } from './signing.ts';

export interface VoipcenterSettings extends Omit<ConnectionSettings, 'url'> {
  url?: string;
  api_id: string;
  customer: string;
  password: string;
  key: string;
  format?: 'json' | 'xml';
}

export const DEFAULT_URL = 'https://pbxonline.be/api';

/** waits after error 13: 1 s, 2 s, 4 s, 8 s (the server's window is not documented) */
const BACKOFF_MS = [1000, 2000, 4000, 8000];

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'item' });

/** the xml tree in the json tree's shape: `<x><item/>…</x>` is a list, an empty list is '' */
function fromXml(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromXml);
  if (node && typeof node === 'object') {
    const entries = Object.entries(node);
    if (entries.length === 1 && entries[0][0] === 'item') return fromXml(entries[0][1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, fromXml(v)]));
  }
  return node;
}

interface Envelope {
  head: { code: number };
  body: unknown;
}

export class VoipcenterClient {
  private readonly http: Http;
  private readonly credentials: VoipcenterCredentials;
  private readonly format: 'json' | 'xml';
  /** server clock minus ours, learnt from a Date header after error 11 */
  private offsetMs = 0;

  constructor(settings: VoipcenterSettings, run: RunContext = {}) {
    // get.php and update.php are idempotent; call.php turns retries off per request
    this.http = createHttp({ ...settings, url: settings.url ?? DEFAULT_URL }, { vendor: 'VoipCenter', retryMethods: ['post'], ...run });
    this.credentials = { apiId: settings.api_id, customer: settings.customer, password: settings.password, key: settings.key };
    this.format = settings.format ?? 'json';
  }

  /** the answer's body; a head or body error code throws a VoipcenterError */
  async request(script: VoipcenterScript, params: Record<string, string>, what: string): Promise<unknown> {
    let clockFixed = false;
    for (let attempt = 0; ; attempt++) {
      const { envelope, date } = await this.send(script, params);
      const code = Number(envelope.head?.code);
      if (code === 0) return envelope.body;
      if (code === TIMESTAMP_MISMATCH && !clockFixed && date) {
        clockFixed = true;
        this.offsetMs = Date.parse(date) - Date.now();
        continue;
      }
      if (code === TOO_MANY_ATTEMPTS && attempt < BACKOFF_MS.length) {
        await sleep(BACKOFF_MS[attempt] * (1 + Math.random() / 4));
        continue;
      }
      const hint = code === TIMESTAMP_MISMATCH ? ` (still after correcting the clock offset to ${Math.round(this.offsetMs / 1000)} s)` : '';
      throw new VoipcenterError(code, what, hint);
    }
  }

  private async send(script: VoipcenterScript, params: Record<string, string>): Promise<{ envelope: Envelope; date: string | null }> {
    const ts = Math.floor((Date.now() + this.offsetMs) / 1000);
    const body = new URLSearchParams(signedParams(script, this.credentials, { ...params, f: this.format }, ts));
    const res = await this.http(script, { method: 'post', body, ...(script === 'call.php' ? { retry: 0 } : {}) });
    const text = await res.text();
    if (res.status !== 200)
      throw new ProviderError(`VoipCenter answered HTTP ${res.status} for ${script}${text ? `: "${snippet(text.replace(/<[^>]*>/g, ' '))}"` : ''}`, undefined, res.status);
    return { envelope: this.parse(text, script), date: res.headers.get('date') };
  }

  private parse(text: string, script: string): Envelope {
    let tree: unknown;
    try {
      tree = this.format === 'json' ? JSON.parse(text) : fromXml(xml.parse(text).response);
    } catch {
      tree = undefined;
    }
    const head = (tree as Partial<Envelope> | undefined)?.head;
    if (!head || head.code === undefined) {
      throw new ProviderError(`VoipCenter answered ${script} with something that is not a ${this.format} answer: "${snippet(text)}"`);
    }
    return tree as Envelope;
  }
}
