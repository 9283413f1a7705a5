// A problem found in the configuration file, tied to a position in it.
export interface ConfigIssue {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
  message: string;
  /** set on an environment variable that is not set, so callers can say what to do */
  unsetVariable?: boolean;
}

export const formatIssue = (i: ConfigIssue): string => `${i.file}:${i.line}:${i.col}: ${i.message}`;

export const byPosition = (a: ConfigIssue, b: ConfigIssue): number => a.line - b.line || a.col - b.col;

/** one issue per distinct position and message, in file order */
export function tidy(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues
    .filter((i) => {
      const id = formatIssue(i);
      return seen.has(id) ? false : (seen.add(id), true);
    })
    .sort(byPosition);
}
