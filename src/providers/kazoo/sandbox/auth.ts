// Authentication (kazoo.md §1): user_auth with md5/sha credentials and an account
// locator, api_auth with the account's API key, Basic auth, and issued JWT tokens with a
// fixed (non-sliding) lifetime. Unknown/undecodable tokens and expired ones get the two
// different 401 bodies.
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import type { Session } from './docs.ts';
import { expiredToken, invalidCredentials, KazooError, validationError } from './envelope.ts';
import type { Json, KazooState, StoredDoc } from './state.ts';
import type { SchemaSet } from './validation.ts';

interface Issued extends Session {
  /** ms; undefined for the fixed sandbox token */
  expiresAt?: number;
  expired?: boolean;
}

export class Sessions {
  private tokens = new Map<string, Issued>();
  private key = randomBytes(32);

  constructor(
    private ttlSeconds: number,
    private now: () => number,
  ) {}

  async issue(session: Session): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ account_id: session.accountId, owner_id: session.ownerId, method: 'cb_user_auth' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .setJti(randomBytes(8).toString('hex'))
      .sign(this.key);
    this.tokens.set(token, { ...session, expiresAt: this.now() + this.ttlSeconds * 1000 });
    return token;
  }

  /** a long-lived token valid until expireAll() */
  addFixed(token: string, session: Session): void {
    this.tokens.set(token, { ...session });
  }

  check(token: string): Session {
    const found = this.tokens.get(token);
    if (!found) {
      // a JWT we did not issue (or no longer know) reads as expired; anything else is invalid
      try {
        decodeJwt(token);
      } catch {
        throw invalidCredentials();
      }
      throw expiredToken();
    }
    if (found.expired || (found.expiresAt !== undefined && this.now() >= found.expiresAt)) throw expiredToken();
    return { accountId: found.accountId, ownerId: found.ownerId };
  }

  expireAll(): void {
    for (const issued of this.tokens.values()) issued.expired = true;
  }

  clear(): void {
    this.tokens.clear();
  }
}

/** the token a request carries: X-Auth-Token, then auth_token in the query or envelope */
export function requestToken(req: IncomingMessage, query: URLSearchParams, envelope: Json): string | undefined {
  const header = req.headers['x-auth-token'];
  if (typeof header === 'string' && header !== '') return header;
  const fromQuery = query.get('auth_token');
  if (fromQuery) return fromQuery;
  if (typeof envelope.auth_token === 'string' && envelope.auth_token !== '') return envelope.auth_token;
  return undefined;
}

/** kzd_accounts:normalize_name */
const normalizeName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const liveUsers = (state: KazooState, accountId: string): StoredDoc[] =>
  Object.values(state.users).filter((u) => u.pvt_account_id === accountId && !u.pvt_deleted && u.enabled !== false);

function candidateAccounts(state: KazooState, data: Json): StoredDoc[] {
  const accounts = Object.values(state.accounts);
  if (typeof data.phone_number === 'string') {
    const owner = Object.hasOwn(state.numbers, data.phone_number) ? state.numbers[data.phone_number].account_id : undefined;
    return accounts.filter((a) => a._id === owner);
  }
  const realm = data.account_realm ?? data.realm;
  if (typeof realm === 'string') return accounts.filter((a) => String(a.realm).toLowerCase() === realm.toLowerCase());
  if (typeof data.account_name === 'string') {
    const wanted = normalizeName(data.account_name);
    return accounts.filter((a) => normalizeName(String(a.name)) === wanted);
  }
  return [];
}

/** PUT /v2/user_auth */
export function userAuth(state: KazooState, schemas: SchemaSet, data: Json): Session {
  const errors = schemas.validate('user_auth', data);
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const hashKey = data.method === 'sha' ? 'pvt_sha1_auth' : 'pvt_md5_auth';
  for (const account of candidateAccounts(state, data)) {
    const user = liveUsers(state, account._id).find((u) => u[hashKey] === data.credentials);
    if (user) return { accountId: account._id, ownerId: user._id };
  }
  throw invalidCredentials();
}

/** PUT /v2/api_auth */
export function apiAuth(state: KazooState, schemas: SchemaSet, data: Json): Session {
  const errors = schemas.validate('api_auth', data);
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const account = Object.values(state.accounts).find((a) => a.pvt_api_key === data.api_key);
  if (!account) throw new KazooError(404, 'bad identifier', [data.api_key]);
  return { accountId: account._id };
}

/** Authorization: Basic base64(account_id:md5(user:pass)) */
export function basicAuth(state: KazooState, header: string | undefined): Session | undefined {
  const m = header?.match(/^Basic\s+(\S+)$/i);
  if (!m) return undefined;
  const [accountId, hash] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
  if (!accountId || !hash || !Object.hasOwn(state.accounts, accountId)) throw invalidCredentials();
  const user = liveUsers(state, accountId).find((u) => u.pvt_md5_auth === hash);
  if (!user) throw invalidCredentials();
  return { accountId, ownerId: user._id };
}

/** the `data` of a successful user_auth / api_auth */
export function authData(state: KazooState, session: Session): Json {
  const account = state.accounts[session.accountId];
  const user = session.ownerId ? state.users[session.ownerId] : undefined;
  return {
    account_id: session.accountId,
    ...(session.ownerId ? { owner_id: session.ownerId } : {}),
    account_name: account.name,
    apps: [],
    is_master_account: false,
    is_reseller: account.is_reseller ?? false,
    language: user?.language ?? account.language ?? 'en-US',
    reseller_id: account.reseller_id,
  };
}
