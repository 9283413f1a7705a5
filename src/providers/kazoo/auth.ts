// The three ways into Crossbar: a token given as is, user_auth (md5 of the lowercased
// username and the password, with the account name) and api_auth (the account's API key).
import { createHash } from 'node:crypto';
import { ProviderError } from '../../engine/provider.ts';

export interface KazooSettings {
  url: string;
  account_id: string;
  auth_token?: string;
  username?: string;
  password?: string;
  account_name?: string;
  api_key?: string;
  insecure?: boolean;
  ca?: string;
  timeout_seconds?: number;
}

/** the request that issues a fresh token, and how to describe its refusal */
export interface Login {
  path: 'user_auth' | 'api_auth';
  data: Record<string, string>;
  refused: string;
}

/** `credentials` of user_auth: md5 of "lower(username):password" in hex */
export const credentialsHash = (username: string, password: string) =>
  createHash('md5').update(`${username.toLowerCase()}:${password}`).digest('hex');

/** how this configuration logs in again; undefined when only a token was given */
export function loginOf(s: KazooSettings): Login | undefined {
  if (s.username && s.password && s.account_name) {
    return {
      path: 'user_auth',
      data: { credentials: credentialsHash(s.username, s.password), account_name: s.account_name, method: 'md5' },
      refused: `SmartPBX refused the login of '${s.username}' to account '${s.account_name}': check username, password and account_name`,
    };
  }
  if (s.api_key) return { path: 'api_auth', data: { api_key: s.api_key }, refused: 'SmartPBX does not know this api_key' };
  return undefined;
}

/** settings that cannot authenticate at all are a configuration error, found before any request */
export function checkAuthSettings(s: KazooSettings): void {
  if (s.auth_token || loginOf(s)) return;
  const partial = s.username || s.password || s.account_name;
  throw new ProviderError(
    partial
      ? 'username, password and account_name go together: give all three (or an api_key, or an auth_token)'
      : 'no credentials: give an auth_token, an api_key, or username + password + account_name',
  );
}
