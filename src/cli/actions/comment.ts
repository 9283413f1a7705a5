// pbxctl comment: one comment per pull request (GitHub) or merge request (GitLab) holding
// the plan, edited in place on every run. Found again by a hidden marker on its first line;
// edited when there, posted when not. Used by the GitHub Action and the GitLab template.
import { readFile } from 'node:fs/promises';
import { createHttp, snippet, type Http } from '../../providers/http.ts';
import { makeRedactor } from '../../engine/redact.ts';

import pkg from '../../../package.json' with { type: 'json' };
import { UserError, type CommonOptions } from '../command.ts';
import type { Output } from '../output.ts';

interface CommentOptions extends CommonOptions {
  github?: boolean;
  gitlab?: boolean;
  body: string;
  number?: string;
  id?: string;
}

type Env = NodeJS.ProcessEnv;

/** where the comments of one pull or merge request live, and how to write them */
interface Forge {
  name: string;
  /** what the forge calls the request */
  request: string;
  /** longest body the forge accepts, in characters */
  limit: number;
  api: string;
  token: string;
  headers: Record<string, string>;
  comments: string;
  edit: (id: unknown) => { method: 'patch' | 'put'; path: string };
}

/** a variable that must be set and not empty; never printed, only named */
function need(env: Env, name: string, why: string): string {
  const value = env[name];
  if (!value?.trim()) throw new UserError(`${name} is ${value === undefined ? 'not set' : 'empty'}: ${why}`);
  return value;
}

async function github(env: Env, number: string | undefined): Promise<Forge> {
  const repo = need(env, 'GITHUB_REPOSITORY', 'name the repository as owner/name');
  const token = need(env, 'GITHUB_TOKEN', 'give a token that may write pull-request comments (the Action passes github.token)');
  // in a pull_request workflow the event file names the pull request
  const event = number === undefined && env.GITHUB_EVENT_PATH ? JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  const n = requestNumber(number ?? event.pull_request?.number, 'pull request', '--number, or run on a pull_request event');
  return {
    name: 'GitHub',
    request: `pull request #${n}`,
    limit: 65536,
    api: env.GITHUB_API_URL || 'https://api.github.com',
    token,
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
    comments: `repos/${repo}/issues/${n}/comments`,
    edit: (id) => ({ method: 'patch', path: `repos/${repo}/issues/comments/${id}` }),
  };
}

function gitlab(env: Env, number: string | undefined): Forge {
  const project = encodeURIComponent(need(env, 'CI_PROJECT_ID', 'run in GitLab CI'));
  const token = need(env, 'GITLAB_TOKEN', 'give a project access token with the api scope (CI_JOB_TOKEN may not write notes)');
  const n = requestNumber(number ?? env.CI_MERGE_REQUEST_IID, 'merge request', '--number, or run in a merge-request pipeline');
  const notes = `projects/${project}/merge_requests/${n}/notes`;
  return {
    name: 'GitLab',
    request: `merge request !${n}`,
    limit: 1_000_000,
    api: need(env, 'CI_API_V4_URL', 'run in GitLab CI'),
    token,
    headers: { 'private-token': token },
    comments: notes,
    edit: (id) => ({ method: 'put', path: `${notes}/${id}` }),
  };
}

function requestNumber(value: unknown, what: string, how: string): string {
  if (value === undefined || value === '') throw new UserError(`no ${what} to comment on: give ${how}`);
  if (!/^[1-9][0-9]{0,9}$/.test(String(value))) throw new UserError(`${what} number must be a positive integer, not '${String(value)}'`);
  return String(value);
}

/** the first line of every comment we keep; --id tells apart the comments of several configurations */
export const markerOf = (id?: string) => `<!-- pbxctl-plan${id ? `: ${id.replace(/--+|>|\r|\n/g, '_')}` : ''} -->`;

/** the marker, then the text, cut at a line to stay under the forge's limit */
export function commentBody(marker: string, text: string, forge: Pick<Forge, 'name' | 'limit'>): string {
  const whole = `${marker}\n${text}`;
  if (whole.length <= forge.limit) return whole;
  const note = `\n\n---\n_Cut here to stay under ${forge.name}'s ${forge.limit.toLocaleString('en')}-character comment limit; the whole report is in the job's summary and artifacts._\n`;
  const kept = whole.slice(0, forge.limit - note.length);
  const line = kept.lastIndexOf('\n');
  return `${line > marker.length ? kept.slice(0, line) : kept}${note}`;
}

const PER_PAGE = 100;
const MAX_PAGES = 100;

/** the id of our earlier comment, reading the pages of comments in order */
async function findComment(http: Http, forge: Forge, marker: string): Promise<unknown> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const items = await answer<unknown[]>(http, forge, 'get', `${forge.comments}?per_page=${PER_PAGE}&page=${page}`, 'list the comments of');
    if (!Array.isArray(items)) throw new UserError(`${forge.name} did not answer the list of comments with a list`);
    const ours = items.find((c: any) => typeof c?.body === 'string' && c.body.split('\n', 1)[0] === marker && !c.system);
    if (ours) return (ours as { id: unknown }).id;
    if (items.length < PER_PAGE) return undefined;
  }
  throw new UserError(`the ${forge.request} has more than ${PER_PAGE * MAX_PAGES} comments; pbxctl stopped looking for its own`);
}

async function answer<T>(http: Http, forge: Forge, method: string, path: string, what: string, json?: object): Promise<T> {
  const headers = { ...forge.headers, 'user-agent': `pbxctl/${pkg.version}` };
  const res = await http(path, { method, headers, ...(json ? { json } : {}) });
  // an answer may quote the request's headers: the token is taken out before it is cut short
  const text = makeRedactor([forge.token])(await res.text());
  if (!res.ok) {
    const hint = res.status === 401 || res.status === 403 || res.status === 404 ? ` (${tokenHint[forge.name]})` : '';
    throw new UserError(`${forge.name} answered HTTP ${res.status} when asked to ${what} the ${forge.request}${hint}: ${snippet(text)}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UserError(`${forge.name}'s answer when asked to ${what} the ${forge.request} is not JSON: ${snippet(text)}`);
  }
}

const tokenHint: Record<string, string> = {
  GitHub: 'the token must be allowed to write comments: the workflow needs `permissions: pull-requests: write`; pull requests from forks get a read-only token',
  GitLab: 'GITLAB_TOKEN must be an access token with the api scope and at least the Reporter role',
};

export async function run(opts: CommentOptions, o: Output): Promise<number> {
  if (Boolean(opts.github) === Boolean(opts.gitlab)) throw new UserError('say where to comment: --github or --gitlab');
  const forge = opts.github ? await github(process.env, opts.number) : gitlab(process.env, opts.number);
  o.redact = makeRedactor([forge.token]);
  const text = await readFile(opts.body, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read ${opts.body}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const http = createHttp({ url: forge.api }, { vendor: forge.name, retries: 2, retryMethods: ['get', 'put', 'patch'] });
  const marker = markerOf(opts.id);
  const body = commentBody(marker, text, forge);
  const id = await findComment(http, forge, marker);
  if (id === undefined) {
    await answer(http, forge, 'post', forge.comments, 'add a comment to', { body });
    o.out(`Posted the pbxctl comment on ${forge.request}.`);
  } else {
    const { method, path } = forge.edit(encodeURIComponent(String(id)));
    await answer(http, forge, method, path, 'edit the pbxctl comment of', { body });
    o.out(`Updated the pbxctl comment on ${forge.request} (comment ${String(id)}).`);
  }
  return 0;
}
