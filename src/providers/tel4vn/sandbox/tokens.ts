// Bearer tokens: HS256 JWTs (jose) that carry their own expiry, checked against the
// emulator's clock.
import { errors, jwtVerify, SignJWT } from 'jose';

const SECRET = new TextEncoder().encode('tel4vn-sandbox-token-signing-secret');

export async function issueToken(userId: string, nowMs: number, ttlSeconds: number): Promise<{ token: string; expire_at: number }> {
  const iat = Math.floor(nowMs / 1000);
  const expire_at = iat + ttlSeconds;
  const token = await new SignJWT({ user_id: userId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(expire_at)
    .sign(SECRET);
  return { token, expire_at };
}

export type TokenCheck = { ok: true } | { ok: false; error: string };

export async function checkToken(authorization: string | undefined, nowMs: number): Promise<TokenCheck> {
  const m = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!m) return { ok: false, error: 'missing or malformed Authorization header' };
  try {
    await jwtVerify(m[1], SECRET, { algorithms: ['HS256'], currentDate: new Date(nowMs) });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof errors.JWTExpired ? 'token is expired' : 'invalid token' };
  }
}
