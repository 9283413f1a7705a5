// The default TEL4VN seed: the billing account of a Saigon logistics company, with its
// outbound calls from 1 January to 30 April 2026 (seeded PRNG, identical on every run).
import { pickInt, pickOne, seededRandom } from '../../../sandbox/seeded-random.ts';

export const TEL4VN_ACCOUNT = {
  username: 'admin@saigonlogistics.tel4vn.com',
  password: 'Sandbox@2026',
  user_uuid: '7c1e2a90-4b3d-4f8e-9a21-5d6c7e8f9a01',
  domain_uuid: 'd3a4b5c6-1e2f-4a3b-8c9d-0e1f2a3b4c5d',
  api_key: 'b8f3c2d1-6a7e-4e5f-9c0b-1a2b3c4d5e6f',
  level: 'admin',
} as const;

/** a valid api_key of the seeded account */
export const TEL4VN_API_KEY = TEL4VN_ACCOUNT.api_key;

export interface CallLog {
  amount: number; // VND
  destination: string;
  duration: number; // seconds
  end_time: string; // ISO 8601 UTC, second precision
  source: string;
  start_time: string;
}

export interface Tel4vnState {
  calls: CallLog[];
}

/** the hotlines and extensions that place calls */
export const TEL4VN_SOURCES = ['02873001234', '02873001235', '0899123456', '1001', '1002', '1003'] as const;

const MOBILE_PREFIXES = ['090', '091', '093', '096', '097', '098', '032', '035', '070', '077', '081', '085'];
const LANDLINE_PREFIXES = ['024', '028', '0236', '0251'];
// VND per minute, billed per second
const RATE = { mobile: 800, landline: 450 };

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function seedState(): Tel4vnState {
  const random = seededRandom(2026_0101);
  const digits = (n: number) => Array.from({ length: n }, () => pickInt(random, 0, 9)).join('');
  const calls: CallLog[] = [];
  for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2026, 4, 1); day += 86_400_000) {
    const weekday = new Date(day).getUTCDay();
    const count = weekday === 0 ? pickInt(random, 0, 4) : weekday === 6 ? pickInt(random, 5, 12) : pickInt(random, 20, 36);
    for (let i = 0; i < count; i++) {
      const mobile = random() < 0.7;
      const prefix = pickOne(random, mobile ? MOBILE_PREFIXES : LANDLINE_PREFIXES);
      const destination = prefix + digits((mobile ? 10 : 11) - prefix.length);
      // 08:00-18:00 in Vietnam (UTC+7)
      const start = day + pickInt(random, 3600, 11 * 3600) * 1000;
      const duration = pickInt(random, 5, 900);
      calls.push({
        amount: Math.round((duration * RATE[mobile ? 'mobile' : 'landline']) / 60),
        destination,
        duration,
        end_time: iso(start + duration * 1000),
        source: pickOne(random, TEL4VN_SOURCES),
        start_time: iso(start),
      });
    }
  }
  return { calls: calls.sort((a, b) => b.start_time.localeCompare(a.start_time)) };
}

export const emptyState = (): Tel4vnState => ({ calls: [] });
