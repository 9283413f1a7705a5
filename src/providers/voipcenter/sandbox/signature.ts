// How pbxonline.be checks who sent a request, written from the vendor's document (seed 002,
// parameters "pwd" and "pass") and decisions.md, apart from the client's signing code: a
// client that signs wrongly is refused here as the real server would refuse it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Script = 'get.php' | 'update.php' | 'call.php';

export interface Credentials {
  apiId: string;
  customer: string;
  password: string;
  /** the private API key */
  key: string;
}

/**
 * $tobehashed: each parameter's name followed by its value, in the document's order. For
 * get.php the document leaves `filter` out; for update.php it repeats call.php's string by
 * mistake, so decisions.md fixes update.php's own parameters in the order the URL lists them.
 */
const TO_BE_HASHED: Record<Script, string[]> = {
  'get.php': ['apiID', 'knummer', 'pwd', 'm', 'id', 'f', 'ts'],
  'update.php': ['apiID', 'knummer', 'pwd', 'm', 'id', 'p', 'f', 'ts'],
  'call.php': ['apiID', 'knummer', 'pwd', 'sipacc', 'telnr', 'f', 'ts'],
};

const hex = (algorithm: 'md5' | 'sha256', text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');

/** pwd = hash('sha256', md5($password)): PHP's lowercase hex digests */
export const pwdOf = (password: string) => hex('sha256', hex('md5', password));

/** pass = hash_hmac('sha256', $tobehashed, $privateKey); PHP reads an absent parameter as '' */
function passOf(script: Script, params: Record<string, string | undefined>, key: string): string {
  const toBeHashed = TO_BE_HASHED[script].map((name) => `${name}${params[name] ?? ''}`).join('');
  return createHmac('sha256', key).update(toBeHashed, 'utf8').digest('hex');
}

export function passMatches(script: Script, params: Record<string, string | undefined>, key: string, pass: string): boolean {
  const expected = Buffer.from(passOf(script, params, key));
  const given = Buffer.from(pass);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** a request's query as the document's PHP example builds it, for the curl line of `sandbox serve` */
export function exampleQuery(script: Script, creds: Credentials, params: Record<string, string>, ts: number): URLSearchParams {
  const all = { apiID: creds.apiId, knummer: creds.customer, pwd: pwdOf(creds.password), ...params, ts: String(ts) };
  return new URLSearchParams({ ...all, pass: passOf(script, all, creds.key) });
}
