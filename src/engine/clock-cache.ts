// The call-path simulator asks a clock about one instant many times in a row (every rule of
// every time switch, both sides of a plan's behaviour diff), and Intl's formatToParts is
// what a path costs most: a clock keeps its last answer per zone. Answers are shared: read only.
export function lastPerZone<T>(clock: (ms: number, tz: string) => T): (ms: number, tz: string) => T {
  const last = new Map<string, { ms: number; value: T }>();
  return (ms, tz) => {
    const hit = last.get(tz);
    if (hit?.ms === ms) return hit.value;
    const value = clock(ms, tz);
    last.set(tz, { ms, value });
    return value;
  };
}
