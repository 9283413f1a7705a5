// Everything pbxctl prints goes through here: secrets redacted, colour only on a
// terminal and never with --no-color or NO_COLOR.
import { styleText } from 'node:util';
import type { Redactor } from '../engine/redact.ts';

type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'bold' | 'dim' | 'magenta';

export class Output {
  redact: Redactor = (t) => t;

  constructor(readonly color: boolean) {}

  style = (style: Style, text: string) => (this.color ? styleText(style, text) : text);

  out(text = '') {
    process.stdout.write(`${this.redact(text)}\n`);
  }

  err(text: string) {
    process.stderr.write(`${this.redact(text)}\n`);
  }
}

export function wantsColor(flag: boolean): boolean {
  return flag && !('NO_COLOR' in process.env) && Boolean(process.stdout.isTTY);
}
