// VoipCenter request signing for the client (the emulator checks it with its own code).
// pwd = sha256(md5(password)); pass = HMAC-SHA256(key, name+value of each signed
// parameter, in the order fixed per script by decisions.md).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNED_PARAMS = {
  'get.php': ['apiID', 'knummer', 'pwd', 'm', 'id', 'f', 'ts'],
  'update.php': ['apiID', 'knummer', 'pwd', 'm', 'id', 'p', 'f', 'ts'],
  'call.php': ['apiID', 'knummer', 'pwd', 'sipacc', 'telnr', 'f', 'ts'],
} as const;

export type VoipcenterScript = keyof typeof SIGNED_PARAMS;

export interface VoipcenterCredentials {
  apiId: string;
  customer: string;
  password: string;
  key: string;
}

export function hashPassword(password: string): string {
  const md5 = createHash('md5').update(password, 'utf8').digest('hex');
  return createHash('sha256').update(md5, 'utf8').digest('hex');
}

/** The string that is signed; a listed parameter that is absent counts as empty. */
export function signatureBase(script: VoipcenterScript, params: Record<string, string | undefined>): string {
  return SIGNED_PARAMS[script].map((name) => name + (params[name] ?? '')).join('');
}

export function sign(script: VoipcenterScript, params: Record<string, string | undefined>, key: string): string {
  return createHmac('sha256', key).update(signatureBase(script, params), 'utf8').digest('hex');
}

export function verifySignature(
  script: VoipcenterScript,
  params: Record<string, string | undefined>,
  key: string,
  pass: string,
): boolean {
  const expected = Buffer.from(sign(script, params, key), 'utf8');
  const given = Buffer.from(pass, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Every parameter of one request, signed: the script's own parameters (m, id, p, filter,
 * sipacc, telnr, f) plus apiID, knummer, pwd, ts and pass. `ts` is unix seconds.
 */
export function signedParams(
  script: VoipcenterScript,
  credentials: VoipcenterCredentials,
  params: Record<string, string>,
  ts: number,
): Record<string, string> {
  const all: Record<string, string> = {
    apiID: credentials.apiId,
    knummer: credentials.customer,
    pwd: hashPassword(credentials.password),
    ...params,
    ts: String(ts),
  };
  return { ...all, pass: sign(script, all, credentials.key) };
}
