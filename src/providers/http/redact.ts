// URLs as --debug lines and messages show them: credentials in the query or the userinfo hidden.

/** query values that look like credentials */
const SECRET_PARAM = /pass|pwd|key|token|secret|auth|sig|hash|pin/i;

export function redactUrl(url: string): string {
  // neither a query nor userinfo: nothing to hide (the bulk of requests)
  if (!url.includes('?') && !url.includes('@')) return url;
  const u = new URL(url);
  let hidden = false;
  for (const name of [...u.searchParams.keys()])
    if (SECRET_PARAM.test(name)) {
      u.searchParams.set(name, '***');
      hidden = true;
    }
  if (u.password) {
    u.password = '***';
    hidden = true;
  }
  return hidden ? u.toString() : url;
}
