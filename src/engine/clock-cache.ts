// The call-path simulator asks a clock about the same instants many times (every rule of
// every time switch, both sides of a plan's behaviour diff, the same year ahead for every
// DID it looks at), and Intl's formatToParts is what a path costs most: a clock keeps its
// answers per zone, up to CLOCK_ANSWERS instants, then starts over. Answers are shared: read only.
const CLOCK_ANSWERS = 50_000;

export function cachedPerZone<T>(clock: (ms: number, tz: string) => T): (ms: number, tz: string) => T {
  const zones = new Map<string, Map<number, T>>();
  return (ms, tz) => {
    let answers = zones.get(tz);
    if (!answers) zones.set(tz, (answers = new Map()));
    if (answers.has(ms)) return answers.get(ms) as T;
    const value = clock(ms, tz);
    if (answers.size >= CLOCK_ANSWERS) answers.clear();
    answers.set(ms, value);
    return value;
  };
}
