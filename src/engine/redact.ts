// The last line of defence for secrets: any resolved secret value that reaches an
// output stream is replaced, whatever path it took to get there.
export const SENSITIVE = '(sensitive)';

export type Redactor = (text: string) => string;

export function makeRedactor(secrets: Iterable<string>): Redactor {
  // longest first, so a secret that contains another is replaced whole
  const values = [...new Set(secrets)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  if (!values.length) return (text) => text;
  // a plan's report runs to megabytes: split only where a secret is
  return (text) => values.reduce((out, v) => (out.includes(v) ? out.split(v).join(SENSITIVE) : out), text);
}
