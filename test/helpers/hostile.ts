// A small hostile server on 127.0.0.1 (node:http) that answers every request the same bad
// way and keeps the paths it received, and a configuration of all four providers aimed at it.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCli, type RunningCli } from './cli-process.ts';
import { cli, workspace, type CliResult } from './workspace.ts';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

export interface Hostile {
  url: string;
  /** method and path of every request received */
  received: string[];
  close(): Promise<void>;
}

export async function hostile(answer: Answer): Promise<Hostile> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    req.resume();
    answer(req, res);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** 307 to the same path on `target` */
export const redirectTo =
  (target: string): Answer =>
  (req, res) =>
    res.writeHead(307, { Location: `${target}${req.url}` }).end();

/** headers at once, then a byte every 100 ms, never an end */
export const endlessBody: Answer = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"data":[');
  const drip = setInterval(() => res.write(' '), 100);
  res.on('close', () => clearInterval(drip));
};

/** a JSON body streamed without end in 64 KB chunks, with `Content-Length: declared` when given */
export const hugeBody =
  (declared?: number): Answer =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', ...(declared ? { 'Content-Length': String(declared) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, ' ');
    res.write('{"data":[');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  };

/** each provider's block, at `url`, with the extra connection settings given */
const blocks = (settings: string): Record<string, string> => ({
  hq: `  hq:
    type: issabel
    url: \${HOSTILE}/pbxapi
    password: \${SECRET}
${settings}    extensions:
      - { number: "1000", name: Antonio }
`,
  smartpbx: `  smartpbx:
    type: kazoo
    url: \${HOSTILE}/v2
    account_id: ${'a'.repeat(32)}
    username: nina@example.com
    password: \${SECRET}
    account_name: JAYA LESTARI
${settings}    users:
      - { username: nina@example.com, first_name: Nina, last_name: Kusuma }
`,
  gent: `  gent:
    type: voipcenter
    url: \${HOSTILE}/api
    api_id: pi204517gnt
    customer: "204517"
    password: \${SECRET}
    key: \${SECRET}
${settings}    indicators:
      - { name: Dag/Nacht, active: true }
`,
  billing: `  billing:
    type: tel4vn
    url: \${HOSTILE}
    username: admin@example.com
    password: \${SECRET}
${settings}`,
});

/** the providers named (all four by default), every one at `url` */
const yaml = (settings: string, names?: string[]) => {
  const all = blocks(settings.replace(/^/gm, '    ').replace(/ *$/, ''));
  return `version: 1\nproviders:\n${(names ?? Object.keys(all)).map((n) => all[n]).join('')}`;
};

const env = (url: string) => ({ HOSTILE: url, SECRET: 'not-a-real-secret' });

/**
 * For a CLI child: a full garbage collection every 50 ms, so that whatever only a weak
 * reference keeps is collected during the run, as it may be at any time on a loaded machine.
 */
export const FULL_GC_EVERY_50_MS = { NODE_OPTIONS: '--expose-gc --import data:text/javascript,setInterval(gc,50).unref()' };

/** `plan` of the providers named (hq, smartpbx, gent), aimed at `url`, as a running CLI */
export async function planOf(names: string[], url: string, settings = '', opts: { args?: string[]; env?: Record<string, string> } = {}): Promise<RunningCli> {
  const ws = await workspace(yaml(settings, names));
  return startCli(['plan', '--no-color', ...(opts.args ?? [])], { cwd: ws.dir, env: { ...env(url), ...opts.env } });
}

export interface HostileRuns {
  /** `plan` of Issabel, SmartPBX and VoipCenter */
  plan: CliResult;
  /** `calls` of TEL4VN */
  calls: CliResult;
}

/** plan and calls, as a user runs them, against providers whose URL is `url` */
export async function runAgainst(url: string, settings = ''): Promise<HostileRuns> {
  const ws = await workspace(yaml(settings));
  const [plan, calls] = await Promise.all([
    cli(['plan', '--no-color'], { cwd: ws.dir, env: env(url) }),
    cli(['calls', '--no-color', '--provider', 'billing', '--from', '2026-01-01', '--to', '2026-01-02'], { cwd: ws.dir, env: env(url) }),
  ]);
  return { plan, calls };
}
