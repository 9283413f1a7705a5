// What controllers share: the state, and committing writes and applying configuration.
import type { Exchange } from './http.ts';
import type { IssabelState } from './state.ts';

export interface Controller {
  state: IssabelState;
  /** a change was committed (counts as pending until the next apply; schedules a save) */
  wrote(): void;
  /** runs "apply configuration"; false when it failed and the 500 page was already sent */
  apply(ex: Exchange): Promise<boolean>;
}

/** rest::applyChanges: apply unless the body sets reload to anything but 1/"1"/true/"true". */
export function reloadWanted(input: unknown): boolean {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return true;
  const v = (input as Record<string, unknown>).reload;
  if (v === undefined || v === null || v === true || v === 'true') return true;
  return (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '')) && Number(v) === 1;
}

export async function applyIfWanted(ctl: Controller, ex: Exchange, input: unknown): Promise<boolean> {
  return reloadWanted(input) ? ctl.apply(ex) : true;
}
