// The test file uvu is loading right now, as uvu names it ("tls.test.ts"). uvu 0.5 imports
// every file before running any, after pushing the file's name to its queue.
const uvu = globalThis as { UVU_QUEUE?: unknown[][]; UVU_INDEX?: number };

export const currentTestFile = (): string => String(uvu.UVU_QUEUE?.[uvu.UVU_INDEX ?? 0]?.[0] ?? 'test');
