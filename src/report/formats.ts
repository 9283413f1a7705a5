// The plan/drift report formats, apart from their renderers: the CLI offers them at start-up.
export type Format = 'text' | 'json' | 'markdown' | 'junit' | 'html' | 'github';
export const FORMATS: Format[] = ['text', 'json', 'markdown', 'junit', 'html', 'github'];
