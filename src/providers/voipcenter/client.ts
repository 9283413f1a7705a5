// VoipCenter over HTTP: every try of a request signed anew (signing.ts) and sent as a POST
// form, so pwd and pass never appear in a URL or a --debug line. The HTTP kit retries what
// the body asks for: error 11 once, after learning the clock offset from the server's Date
// header; error 13 after backing off.
import { XMLParser } from 'fast-xml-parser';
import { ProviderError } from '../../engine/provider.ts';
import { createHttp, snippet, type BodyPolicy, type ConnectionSettings, type Http, type RunContext } from '../http.ts';
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

/** a request's own parameters, signed on each try */
interface Unsigned {
  script: VoipcenterScript;
  params: Record<string, string>;
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
    this.credentials = { apiId: settings.api_id, customer: settings.customer, password: settings.password, key: settings.key };
    this.format = settings.format ?? 'json';
    // get.php and update.php are idempotent; call.php turns the retries of lost answers off per request
    this.http = createHttp({ ...settings, url: settings.url ?? DEFAULT_URL }, { vendor: 'VoipCenter', retryMethods: ['post'], body: this.policy(), ...run });
  }

  /** the answer's body; a head or body error code throws a VoipcenterError */
  async request(script: VoipcenterScript, params: Record<string, string>, what: string): Promise<unknown> {
    const unsigned: Unsigned = { script, params: { ...params, f: this.format } };
    const res = await this.http(script, { method: 'post', context: { unsigned }, ...(script === 'call.php' ? { retry: 0 } : {}) });
    const text = await res.text();
    if (res.status !== 200)
      throw new ProviderError(`VoipCenter answered HTTP ${res.status} for ${script}${text ? `: "${snippet(text.replace(/<[^>]*>/g, ' '))}"` : ''}`, undefined, res.status);
    const envelope = this.parse(text);
    if (!envelope) throw new ProviderError(`VoipCenter answered ${script} with something that is not a ${this.format} answer: "${snippet(text)}"`);
    const code = Number(envelope.head.code);
    if (code === 0) return envelope.body;
    const hint = code === TIMESTAMP_MISMATCH ? ` (still after correcting the clock offset to ${Math.round(this.offsetMs / 1000)} s)` : '';
    throw new VoipcenterError(code, what, hint);
  }

  /** each try signed with the server's clock as last learnt; errors 11 and 13 retried */
  private policy(): BodyPolicy<'clock' | 'rate'> {
    return {
      retries: {
        clock: { waits: [0], learn: (res) => (this.offsetMs = Date.parse(res.headers.get('date')!) - Date.now()) },
        rate: { waits: BACKOFF_MS },
      },
      refusal: async (res) => {
        const code = Number(this.parse(await res.text())?.head.code);
        if (code === TIMESTAMP_MISMATCH && res.headers.get('date')) return 'clock';
        return code === TOO_MANY_ATTEMPTS ? 'rate' : undefined;
      },
      body: (context) => {
        const { script, params } = context.unsigned as Unsigned;
        const ts = Math.floor((Date.now() + this.offsetMs) / 1000);
        return new URLSearchParams(signedParams(script, this.credentials, params, ts));
      },
    };
  }

  /** the envelope, or undefined for an answer that is none */
  private parse(text: string): Envelope | undefined {
    try {
      const tree = (this.format === 'json' ? JSON.parse(text) : fromXml(xml.parse(text).response)) as Partial<Envelope> | undefined;
      return tree?.head && tree.head.code !== undefined ? (tree as Envelope) : undefined;
    } catch {
      return undefined;
    }
  }
}
