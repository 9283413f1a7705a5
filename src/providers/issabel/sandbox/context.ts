// What controllers share: the state, and committing writes and applying configuration.
import type { Exchange } from './http.ts';
import { looseEquals } from './php-loose.ts';
import type { IssabelState } from './state.ts';

export interface Controller {
  state: IssabelState;
  /** a change was committed (counts as pending until the next apply; schedules a save) */
  wrote(): void;
  /** runs "apply configuration"; false when it failed and the 500 page was already sent */
  apply(ex: Exchange): Promise<boolean>;
  /** the `race_rate` fault: this write lost a race with a concurrent writer */
  lostRace(): boolean;
}

/**
 * rest::applyChanges: apply unless the body sets reload to something loosely != 1 and
 * != "true". On PHP 5/7 the integer 0 == "true", so `reload: 0` applies; `false` does not.
 */
export function reloadWanted(input: unknown): boolean {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return true;
  const v = (input as Record<string, unknown>).reload;
  return v === undefined || v === null || looseEquals(v, 1) || looseEquals(v, 'true');
}

export async function applyIfWanted(ctl: Controller, ex: Exchange, input: unknown): Promise<boolean> {
  return reloadWanted(input) ? ctl.apply(ex) : true;
}

/**
 * The DELETE that time groups and time conditions inherit (rest::delete, comma-separated ids,
 * stopping at the first unknown one): the parent applies, then the controller applies again,
 * whatever reload says (issabel-routing.md). `remove` drops one record; false: not found.
 */
export async function selfApplyingDelete(ctl: Controller, ex: Exchange, id: string, remove: (one: string) => boolean): Promise<void> {
  if (id === '') return ex.fail([{ status: '405', detail: 'Cannot delete if no ID is supplied' }]);
  for (const one of id.split(',')) {
    if (!remove(one)) return ex.fail([{ status: '404', detail: 'Could not find a record to delete' }]);
    ctl.wrote();
  }
  if ((await ctl.apply(ex)) && (await ctl.apply(ex))) ex.empty(200);
}
