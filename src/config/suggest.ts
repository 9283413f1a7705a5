// "did you mean ...?" for misspelt keys, enum values and provider types.
import leven from 'leven';

export function closest(word: string, candidates: string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = leven(word.toLowerCase(), c.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

export const didYouMean = (word: string, candidates: string[]): string => {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean '${c}'?`;
};
