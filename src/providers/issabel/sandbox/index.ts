// The Issabel /pbxapi emulator: routing as index.php and Fat-Free do it, token checks,
// "apply configuration" and the state file.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Emulator, EmulatorOptions, SandboxModule } from '../../../sandbox/emulator.ts';
import { flag, rate, tokenTtlFault } from '../../../sandbox/faults.ts';
import { requestLog } from '../../../sandbox/request-log.ts';
import { authorize, login, renew, Tokens } from './auth.ts';
import type { Controller } from './context.ts';
import { extensions } from './extensions.ts';
import { Exchange, JSON_TYPE } from './http.ts';
import { StateFile } from '../../../sandbox/state-file.ts';
import { MODULE_LISTINGS, moduleListing } from './modules.ts';
import { ringgroups } from './ringgroups.ts';
import { alldestinations } from './alldestinations.ts';
import { inboundroutes } from './inboundroutes.ts';
import { timeconditions } from './timeconditions.ts';
import { timegroups } from './timegroups.ts';
import { seedState } from './seed.ts';
import { emptyState, type IssabelState } from './state.ts';

export type { IssabelState } from './state.ts';

export interface IssabelEmulatorOptions extends EmulatorOptions {
  /** access token lifetime, default 3600 */
  tokenTtlSeconds?: number;
  /** how long one "apply configuration" takes, default 0 */
  applySeconds?: number;
  /** admin password, default SANDBOX_PASSWORD */
  password?: string;
  /** start with faults.applyFails set */
  applyFails?: boolean;
  /** share of extension writes that lose a race with a concurrent writer (their voicemail.conf rewrite is lost, 500) */
  raceRate?: number;
}

export const SANDBOX_PASSWORD = 'sandbox-admin';

export interface IssabelEmulator extends Emulator {
  /** how many times "apply configuration" ran */
  readonly applyCount: number;
  /** writes since the last apply (0 = nothing left unapplied) */
  readonly pendingWrites: number;
  /** applyFails: the request that would apply commits its write, answers a 500 page and does not apply */
  faults: { applyFails: boolean };
  /** every token issued so far is now expired */
  expireTokens(): void;
  readonly state: IssabelState;
}

const PREFIX = '/pbxapi';
const VERBS = ['GET', 'POST', 'PUT', 'DELETE'];
const ALLOW = { Allow: VERBS.join(',') };
const CONTROLLERS = [
  'authenticate', 'alldestinations', 'allextensions', 'extensions', 'inboundroutes', 'ringgroups', 'timeconditions', 'timegroups',
  ...Object.keys(MODULE_LISTINGS),
];

export function createIssabelEmulator(opts: IssabelEmulatorOptions = {}): IssabelEmulator {
  const now = opts.now ?? Date.now;
  const password = opts.password ?? SANDBOX_PASSWORD;
  const applyMs = (opts.applySeconds ?? 0) * 1000;
  const tokens = new Tokens(now, opts.tokenTtlSeconds ?? 3600);
  const seed = () => (opts.seed === 'empty' ? emptyState() : seedState());
  const log = requestLog(opts.requestLogPath);
  const faults = { applyFails: opts.applyFails ?? false };
  let applyCount = 0;
  let pendingWrites = 0;

  const ctl: Controller = {
    state: emptyState(),
    wrote() {
      pendingWrites++;
      file.schedule();
    },
    async apply(ex) {
      if (faults.applyFails) {
        ex.page(500);
        return false;
      }
      const covered = pendingWrites;
      if (applyMs > 0) await sleep(applyMs);
      applyCount++;
      ex.applies++;
      pendingWrites = Math.max(0, pendingWrites - covered);
      return true;
    },
    lostRace: () => Math.random() < (opts.raceRate ?? 0),
  };
  const file = new StateFile<IssabelState>(opts.statePath, () => ctl.state);
  ctl.state = file.load() ?? seed();

  async function route(ex: Exchange): Promise<void> {
    await ex.readBody();
    const inside = ex.path === PREFIX || ex.path.startsWith(`${PREFIX}/`);
    if (!inside) return ex.page(404);
    const rest = ex.path.slice(PREFIX.length);
    if (ex.method === 'GET' && rest.length > 1 && rest.endsWith('/')) {
      const target = ex.path.slice(0, -1) + (ex.rawQuery ? `?${ex.rawQuery}` : '');
      return ex.send(301, { Location: target });
    }
    const [controller = '', id = '', ...more] = rest.split('/').slice(1).map(urlDecode);
    if (controller === '') {
      if (!(await authorize(ex, tokens))) return;
      if (ex.method !== 'GET') return ex.page(405, ALLOW);
      return ex.send(200, { 'Content-Type': JSON_TYPE }, JSON.stringify({ controllers: CONTROLLERS }));
    }
    if (!CONTROLLERS.includes(controller) || more.length > 0) return ex.page(404);
    if (controller === 'authenticate') return authenticate(ex, id);
    if (!(await authorize(ex, tokens))) return;
    if (!VERBS.includes(ex.method)) return ex.page(405, ALLOW);
    if (controller === 'extensions') return extensions(ctl, ex, id);
    if (controller === 'ringgroups') return ringgroups(ctl, ex, id);
    if (controller === 'inboundroutes') return inboundroutes(ctl, ex, id);
    if (controller === 'timegroups') return timegroups(ctl, ex, id);
    if (controller === 'timeconditions') return timeconditions(ctl, ex, id);
    if (controller === 'alldestinations') return alldestinations(ctl.state, ex);
    if (Object.hasOwn(MODULE_LISTINGS, controller)) return moduleListing(ctl.state, ex, controller, id);
    if (ex.method !== 'GET') return ex.fail([{ status: '405', detail: 'This resource is read only' }]);
    // allextensions: since the server's commit 6486ed9 its loop reaches the inbound-route
    // controller first, which answers its own listing and exits (issabel-routing.md §2)
    return inboundroutes(ctl, ex, '');
  }

  async function authenticate(ex: Exchange, id: string): Promise<void> {
    if (ex.method === 'POST') return login(ex, tokens, password);
    if (ex.method === 'GET') return id === '' ? ex.echo('{"status":"unauthorized"}') : renew(ex, tokens);
    if (ex.method === 'PUT') return ex.empty(403);
    ex.page(405, { Allow: 'GET,POST' });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    let ex: Exchange | undefined;
    const fail = () => {
      if (ex && !ex.isAnswered) ex.page(500);
      else if (!ex && !res.headersSent) res.writeHead(500).end();
    };
    try {
      ex = new Exchange(req, res, log, now);
      route(ex).catch(fail);
    } catch {
      fail();
    }
  }

  return {
    type: 'issabel',
    handle,
    log,
    faults,
    get applyCount() {
      return applyCount;
    },
    get pendingWrites() {
      return pendingWrites;
    },
    get state() {
      return ctl.state;
    },
    expireTokens: () => tokens.expireAll(),
    settings: (baseUrl) => ({ url: `${baseUrl}${PREFIX}`, username: 'admin', password }),
    describe: (baseUrl) => [
      `Issabel pbxapi: ${baseUrl}${PREFIX}`,
      `  user admin, password ${password} (tokens live ${tokens.ttlSeconds} s)`,
      `  TOKEN=$(curl -s -d 'user=admin&password=${password}' ${baseUrl}${PREFIX}/authenticate | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${baseUrl}${PREFIX}/extensions`,
    ],
    reset() {
      ctl.state = seed();
      applyCount = 0;
      pendingWrites = 0;
      file.schedule();
    },
    save: () => file.flush(),
    persist: () => file.persist(),
  };
}

/** PHP urldecode, as Fat-Free reads the path: a raw + is a space */
const urlDecode = (segment: string) => decodeURIComponent(segment.replace(/\+/g, ' '));

/** what the sandbox registry knows of this emulator: how to make one, and its own faults */
export const sandbox: SandboxModule = {
  create: createIssabelEmulator,
  faults: {
    token_ttl_seconds: tokenTtlFault,
    /** the "apply configuration" step fails after the write was committed */
    apply_fails: { check: flag },
    /** share of extension writes that lose a race with a concurrent writer: written, mailbox change lost, 500 */
    race_rate: { check: rate },
  },
};
