// pbxapi's JWT handling: login, renew, and the check every other controller runs first.
import { randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { type Exchange, isObject, jsonDecode, parseForm, parseMultipart } from './http.ts';

/** authorize.php retries an expired token with this leeway before giving up (renew uses it too). */
const LEEWAY_SECONDS = 720000;

export type TokenCheck = 'ok' | 'expired' | 'invalid' | 'too-old';

export class Tokens {
  private readonly secret = randomBytes(32);
  /** tokens made expired by expireTokens(), whatever their exp claim says */
  private readonly forcedExpired = new Set<string>();
  private readonly issued = new Set<string>();

  constructor(
    private readonly now: () => number,
    readonly ttlSeconds: number,
  ) {}

  private async sign(data: unknown, lifetime: number): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ data })
      .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetime)
      .sign(this.secret);
    this.issued.add(token);
    // the same claims in the same second sign to the same token: issuing it again revives it
    this.forcedExpired.delete(token);
    return token;
  }

  /** access token plus a refresh token living refreshFactor × ttl */
  async issue(refreshFactor: number): Promise<{ access_token: string; expires_in: number; refresh_token: string; token_type: string }> {
    return {
      access_token: await this.sign({ name: 'admin' }, this.ttlSeconds),
      expires_in: this.ttlSeconds,
      refresh_token: await this.sign([], refreshFactor * this.ttlSeconds),
      token_type: 'Bearer',
    };
  }

  expireAll(): void {
    for (const token of this.issued) this.forcedExpired.add(token);
    this.issued.clear();
  }

  async check(token: string, leeway = 0): Promise<TokenCheck> {
    const verify = (tolerance: number) => jwtVerify(token, this.secret, { currentDate: new Date(this.now()), clockTolerance: tolerance, algorithms: ['HS256'] });
    try {
      await verify(leeway);
      return leeway === 0 && this.forcedExpired.has(token) ? 'expired' : 'ok';
    } catch (err) {
      if (!(err instanceof joseErrors.JWTExpired)) return 'invalid';
    }
    try {
      await verify(LEEWAY_SECONDS);
      return 'expired';
    } catch {
      return 'too-old';
    }
  }
}

/** Credentials from a JSON body or from form fields (urlencoded or multipart). */
function credentials(ex: Exchange): { user: unknown; password: unknown } {
  const type = String(ex.req.headers['content-type'] ?? '');
  let fields: Record<string, unknown> = type.startsWith('multipart/form-data') ? parseMultipart(ex.body, type) : parseForm(ex.body);
  const decoded = jsonDecode(ex.body);
  if (decoded.ok && isObject(decoded.value)) fields = decoded.value;
  return { user: fields.user ?? fields.username, password: fields.password };
}

export async function login(ex: Exchange, tokens: Tokens, password: string): Promise<void> {
  const given = credentials(ex);
  if (given.user !== 'admin' || given.password !== password) return ex.empty(403);
  ex.send(200, { 'Content-Type': 'application/json' }, JSON.stringify(await tokens.issue(2)));
}

/** GET /authenticate/<anything>?refresh_token=&access_token= */
export async function renew(ex: Exchange, tokens: Tokens): Promise<void> {
  if ((await tokens.check(ex.query.get('refresh_token') ?? '')) === 'expired') {
    return ex.echo('{"status": "expired", "type": "refresh"}');
  }
  if ((await tokens.check(ex.query.get('access_token') ?? '', LEEWAY_SECONDS)) !== 'ok') {
    return ex.echo('{"status": "unauthorized"}');
  }
  ex.echo(JSON.stringify({ ...(await tokens.issue(24)), status: 'authorized' }));
}

/**
 * authorize.php: true when the request may go on; otherwise the answer is sent
 * (403 empty, 200 {"status": "expired"}, or a 500 page for a token expired long ago).
 */
export async function authorize(ex: Exchange, tokens: Tokens): Promise<boolean> {
  const header = ex.req.headers.authorization ?? '';
  const token = header.split(' ')[1] ?? '';
  const result = token ? await tokens.check(token) : 'invalid';
  if (result === 'ok') return true;
  if (result === 'expired') ex.echo('{"status": "expired"}');
  else if (result === 'too-old') ex.page(500);
  else ex.empty(403);
  return false;
}
