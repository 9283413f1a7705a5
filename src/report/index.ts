// One entry point for every plan/drift report format. Each returns the whole document as a
// string; the caller prints or writes it (through its redactor).
import type { Plan } from '../engine/run.ts';
import { githubReport } from './github.ts';
import { renderHtml } from './html.ts';
import { planToJson } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderText } from './text.ts';
import type { Format } from './formats.ts';
import type { RenderContext } from './summary.ts';

export type { Mode, RenderContext } from './summary.ts';
export { githubAnnotations, githubReport, type GithubReport } from './github.ts';

export { FORMATS, type Format } from './formats.ts';

export function render(plan: Plan, format: Format, ctx: RenderContext): string {
  switch (format) {
    case 'text':
      return `${renderText(plan, ctx)}\n`;
    case 'json':
      return `${JSON.stringify({ ...planToJson(plan), mode: ctx.mode }, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(plan, ctx);
    case 'junit':
      return renderJUnit(plan, ctx);
    case 'html':
      return renderHtml(plan, ctx);
    case 'github': {
      const { commands, summary } = githubReport(plan, ctx);
      return commands ? `${commands}\n\n${summary}` : summary;
    }
  }
}
