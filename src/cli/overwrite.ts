// Commands that write files never replace one without --force.
import { existsSync } from 'node:fs';
import { UserError } from './command.ts';

/** throws, naming every one of files that exists, unless force */
export function refuseOverwrite(files: string[], force: boolean | undefined): void {
  const there = files.filter((f) => existsSync(f));
  if (force || !there.length) return;
  const one = there.length === 1;
  throw new UserError(`nothing was written: ${there.join(', ')} ${one ? 'exists' : 'exist'} (pass --force to replace ${one ? 'it' : 'them'})`);
}
