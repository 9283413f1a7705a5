// The GitHub Action and the GitLab template: `pbxctl comment` keeps ONE plan comment per
// pull or merge request, edited in place, against a fake GitHub / GitLab API on 127.0.0.1;
// action.yml runs only real pbxctl commands and carries the state directory.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { fakeForge } from './helpers/fake-forge.ts';
import { hostile, redirectTo } from './helpers/hostile.ts';
import { issabelExample } from './helpers/issabel.ts';
import { assertRunsOnlyRealCommands } from './helpers/pipelines.ts';
import { cli, workspace } from './helpers/workspace.ts';

const TOKEN = 'ghs_CANARYtoken0123456789';
const MARKER = '<!-- pbxctl-plan -->';

const githubEnv = (api: string, extra: Record<string, string> = {}) => ({ GITHUB_API_URL: api, GITHUB_REPOSITORY: 'acme/phones', GITHUB_TOKEN: TOKEN, ...extra });
const gitlabEnv = (api: string) => ({ CI_API_V4_URL: api, CI_PROJECT_ID: '42', CI_MERGE_REQUEST_IID: '9', GITLAB_TOKEN: TOKEN });

async function bodyFile(text: string, name = 'plan.md') {
  const ws = await workspace('');
  await writeFile(join(ws.dir, name), text);
  return ws;
}

const ours = <C extends { body: string }>(comments: C[], marker = MARKER) => comments.filter((c) => c.body.split('\n', 1)[0] === marker);
const calls = (requests: { method: string; url: string }[]) => requests.map((r) => `${r.method} ${r.url}`);

test('GitHub: the first run posts the plan comment, the next edits that same comment; one comment in all', async () => {
  const gh = await fakeForge('github');
  try {
    // 150 comments by people first, one of them quoting the marker: ours goes on page 2
    for (let i = 0; i < 150; i++) gh.add(7, i === 3 ? `> ${MARKER}\n> the old plan said…\nlooks fine` : `comment ${i}`);
    const ws = await bodyFile('## Plan: 2 to add\n');
    const event = join(ws.dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 7 } }));
    const first = await cli(['comment', '--github', '--body', 'plan.md'], { cwd: ws.dir, env: githubEnv(gh.api, { GITHUB_EVENT_PATH: event }) });
    assert.is(first.code, 0, first.stderr);
    assert.match(first.stdout, /Posted the pbxctl comment on pull request #7\./);
    assert.equal(calls(gh.requests), [
      'GET /repos/acme/phones/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/phones/issues/7/comments?per_page=100&page=2',
      'POST /repos/acme/phones/issues/7/comments',
    ]);
    const [posted] = ours(gh.comments(7));
    assert.is(posted.body, `${MARKER}\n## Plan: 2 to add\n`);

    gh.requests.length = 0;
    await writeFile(join(ws.dir, 'plan.md'), '## Plan: 3 to add\n');
    const second = await cli(['comment', '--github', '--body', 'plan.md', '--number', '7'], { cwd: ws.dir, env: githubEnv(gh.api) });
    assert.is(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`Updated the pbxctl comment on pull request #7 \\(comment ${posted.id}\\)`));
    assert.equal(calls(gh.requests).slice(-1), [`PATCH /repos/acme/phones/issues/comments/${posted.id}`]);
    assert.equal(ours(gh.comments(7)), [{ id: posted.id, body: `${MARKER}\n## Plan: 3 to add\n` }]);
    assert.is(gh.comments(7).length, 151);
    assert.is(gh.comments(7)[3].body.startsWith('> '), true, 'the comment quoting the marker is left alone');
  } finally {
    await gh.close();
  }
});

test('GitHub: the token goes as Authorization: Bearer on every request and is never printed, even when the API echoes it', async () => {
  const gh = await fakeForge('github');
  try {
    const ws = await bodyFile('## Plan\n');
    for (const _ of [1, 2]) {
      const r = await cli(['comment', '--github', '--body', 'plan.md', '--number', '7'], { cwd: ws.dir, env: githubEnv(gh.api) });
      assert.is(r.code, 0, r.stderr);
      assert.not.ok((r.stdout + r.stderr).includes(TOKEN));
    }
    assert.ok(gh.requests.length >= 4);
    for (const r of gh.requests) assert.is(r.headers.authorization, `Bearer ${TOKEN}`);

    gh.failWith(403, (req) => JSON.stringify({ message: `Resource not accessible by integration (${req.headers.authorization})` }));
    const refused = await cli(['comment', '--github', '--body', 'plan.md', '--number', '7'], { cwd: ws.dir, env: githubEnv(gh.api) });
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /GitHub answered HTTP 403 when asked to list the comments of the pull request #7 \(.*pull-requests: write.*\): .*Resource not accessible by integration \(Bearer \(sensitive\)\)/);
    assert.not.ok((refused.stdout + refused.stderr).includes(TOKEN));
  } finally {
    await gh.close();
  }
});

test('a blocked plan (exit 3) is commented with the --allow it needs', async () => {
  const gh = await fakeForge('github');
  try {
    const yaml = (await issabelExample()).replace('ignore: ["9*"]', 'ignore: ["9*"]\n    prune: true\n    max_deletes: 1');
    const ws = await workspace(yaml);
    const plan = await cli(['plan', '--sandbox', '--out', 'plan.json', '--format', 'markdown', '--output', 'plan.md', '--detailed-exitcode'], { cwd: ws.dir });
    assert.is(plan.code, 3);
    const r = await cli(['comment', '--github', '--body', 'plan.md', '--number', '12'], { cwd: ws.dir, env: githubEnv(gh.api) });
    assert.is(r.code, 0, r.stderr);
    const [comment] = ours(gh.comments(12));
    assert.match(comment.body, /blocked by a safety limit/);
    assert.match(comment.body, /--allow hq\/extensions=3/);
  } finally {
    await gh.close();
  }
});

test('--id keeps one comment per configuration; a body over GitHub\'s 65,536 characters is cut at a line with a note', async () => {
  const gh = await fakeForge('github');
  try {
    const long = Array.from({ length: 2000 }, (_, i) => `| extension ${i} | ${'x'.repeat(40)} |`).join('\n');
    const ws = await bodyFile(long);
    for (const id of ['sites/a.yaml', 'sites/b.yaml', 'sites/a.yaml']) {
      const r = await cli(['comment', '--github', '--body', 'plan.md', '--number', '3', '--id', id], { cwd: ws.dir, env: githubEnv(gh.api) });
      assert.is(r.code, 0, r.stderr);
    }
    assert.is(gh.comments(3).length, 2);
    const [a] = ours(gh.comments(3), '<!-- pbxctl-plan: sites/a.yaml -->');
    assert.ok(a.body.length <= 65536, `${a.body.length} characters`);
    assert.match(a.body, /\| x{40} \|\n\n---\n_Cut here to stay under GitHub's 65,536-character comment limit; the whole report is in the job's summary and artifacts\._\n$/);
  } finally {
    await gh.close();
  }
});

test('GitLab: one merge-request note, posted then edited in place (PUT), with the PRIVATE-TOKEN header', async () => {
  const gl = await fakeForge('gitlab');
  try {
    gl.add(9, 'a reviewer said something');
    const ws = await bodyFile('## Plan: 1 to change\n');
    for (const _ of [1, 2]) {
      const r = await cli(['comment', '--gitlab', '--body', 'plan.md'], { cwd: ws.dir, env: gitlabEnv(gl.api) });
      assert.is(r.code, 0, r.stderr);
      assert.not.ok((r.stdout + r.stderr).includes(TOKEN));
    }
    const [note] = ours(gl.comments(9));
    assert.equal(calls(gl.requests), [
      'GET /api/v4/projects/42/merge_requests/9/notes?per_page=100&page=1',
      'POST /api/v4/projects/42/merge_requests/9/notes',
      'GET /api/v4/projects/42/merge_requests/9/notes?per_page=100&page=1',
      `PUT /api/v4/projects/42/merge_requests/9/notes/${note.id}`,
    ]);
    assert.is(gl.comments(9).length, 2);
    for (const r of gl.requests) {
      assert.is(r.headers['private-token'], TOKEN);
      assert.is(r.headers.authorization, undefined);
    }
  } finally {
    await gl.close();
  }
});

test('an unset or empty token, or no request to comment on, is refused before any request', async () => {
  const gh = await fakeForge('github');
  try {
    const ws = await bodyFile('## Plan\n');
    const empty = await cli(['comment', '--github', '--body', 'plan.md', '--number', '7'], { cwd: ws.dir, env: githubEnv(gh.api, { GITHUB_TOKEN: '' }) });
    assert.is(empty.code, 1);
    assert.match(empty.stderr, /GITHUB_TOKEN is empty/);
    const noPr = await cli(['comment', '--github', '--body', 'plan.md'], { cwd: ws.dir, env: githubEnv(gh.api) });
    assert.is(noPr.code, 1);
    assert.match(noPr.stderr, /no pull request to comment on: give --number, or run on a pull_request event/);
    const noToken = await cli(['comment', '--gitlab', '--body', 'plan.md'], { cwd: ws.dir, env: { ...gitlabEnv(gh.api), GITLAB_TOKEN: '' } });
    assert.match(noToken.stderr, /GITLAB_TOKEN is empty/);
    const neither = await cli(['comment', '--body', 'plan.md'], { cwd: ws.dir });
    assert.match(neither.stderr, /--github or --gitlab/);
    assert.equal(gh.requests, []);
  } finally {
    await gh.close();
  }
});

test('an API that redirects is not followed: the token never goes to the other origin', async () => {
  const elsewhere = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
  const api = await hostile(redirectTo(elsewhere.url));
  try {
    const ws = await bodyFile('## Plan\n');
    const r = await cli(['comment', '--github', '--body', 'plan.md', '--number', '7'], { cwd: ws.dir, env: githubEnv(api.url) });
    assert.is(r.code, 1);
    assert.match(r.stderr, /GitHub answered GET \/repos\/acme\/phones\/issues\/7\/comments with HTTP 307 to .*; pbxctl does not follow redirects/);
    assert.equal(elsewhere.received, []);
    assert.not.ok((r.stdout + r.stderr).includes(TOKEN));
  } finally {
    await api.close();
    await elsewhere.close();
  }
});

const ROOT = fileURLToPath(new URL('../', import.meta.url));

test('action.yml parses, has the documented inputs, and runs only commands and options pbxctl has', async () => {
  const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8'));
  assert.is(action.runs.using, 'composite');
  for (const input of ['command', 'config', 'provider', 'allow', 'plan-key', 'github-token', 'working-directory', 'pbxctl-version'])
    assert.ok(action.inputs[input], `input ${input}`);
  const called = assertRunsOnlyRealCommands(action, 'action.yml').map((c) => c.words[0]);
  assert.equal([...new Set(called)].sort(), ['apply', 'comment', 'drift', 'plan', 'validate']);
  const steps: any[] = action.runs.steps;
  // inputs reach scripts through env, never pasted into the shell text
  for (const s of steps) assert.not.match(String(s.run ?? ''), /\$\{\{/, `${s.name}: no expression inside run`);
  const index = (match: (s: any) => boolean) => steps.findIndex(match);
  const run = index((s) => s.id === 'run');
  const restore = index((s) => String(s.uses).startsWith('actions/cache/restore@'));
  const save = steps[index((s) => String(s.uses).startsWith('actions/cache/save@'))];
  assert.ok(restore >= 0 && restore < run, 'the state directory is restored before pbxctl runs');
  assert.ok(steps.indexOf(save) > run && save.if.startsWith('always()'), 'saved after apply, whatever happened');
  assert.ok(save.with.key.startsWith(steps[restore].with['restore-keys']), 'what apply saves is what the others restore');
  assert.match(save.with.path, /!\$\{\{ steps\.setup\.outputs\.state-dir \}\}\/apply\.lock/);
  // the plan key is set only when given: an empty PBXCTL_PLAN_KEY is an error to pbxctl
  assert.match(steps[run].run, /\[ -z "\$INPUT_PLAN_KEY" \] \|\| export PBXCTL_PLAN_KEY="\$INPUT_PLAN_KEY"/);
  assert.is(steps[run].env.INPUT_PLAN_KEY, '${{ inputs.plan-key }}');
  const comment = steps.find((s) => String(s.run ?? '').includes('pbxctl comment'));
  assert.is(comment.env.GITHUB_TOKEN, '${{ inputs.github-token }}');
  assert.is(steps[steps.length - 1].if, 'always()', 'the job fails only after the comment and the artifacts');
});

test.run();
