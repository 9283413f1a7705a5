// A fake GitHub or GitLab API on 127.0.0.1 (node:http) holding the comments of pull and
// merge requests, for `pbxctl comment`: lists them a page at a time, adds and edits them,
// and records every request with its headers and body.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface FakeForge {
  /** GITHUB_API_URL or CI_API_V4_URL */
  api: string;
  requests: Recorded[];
  /** the comments of a pull or merge request, oldest first */
  comments(request: number): { id: number; body: string }[];
  /** adds a comment as a person would */
  add(request: number, body: string): void;
  /** answers every request with this status and body from now on */
  failWith(status: number, body: (req: Recorded) => string): void;
  close(): Promise<void>;
}

export async function fakeForge(kind: 'github' | 'gitlab'): Promise<FakeForge> {
  const threads = new Map<number, { id: number; body: string }[]>();
  const thread = (n: number) => threads.get(n) ?? threads.set(n, []).get(n)!;
  let nextId = 1000;
  const requests: Recorded[] = [];
  let failure: { status: number; body: (req: Recorded) => string } | undefined;
  const prefix = kind === 'github' ? '/repos/acme/phones' : '/api/v4/projects/42';
  const list = kind === 'github' ? /^\/issues\/(\d+)\/comments$/ : /^\/merge_requests\/(\d+)\/notes$/;
  const one = kind === 'github' ? /^\/issues\/comments\/(\d+)$/ : /^\/merge_requests\/\d+\/notes\/(\d+)$/;

  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url!, 'http://x');
    const rec: Recorded = { method: req.method!, url: req.url!, headers: req.headers, body: text ? JSON.parse(text) : undefined };
    requests.push(rec);
    const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (failure) return res.writeHead(failure.status).end(failure.body(rec));
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : '';
    const listed = list.exec(path);
    if (listed && req.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, thread(Number(listed[1])).slice((page - 1) * perPage, page * perPage));
    }
    if (listed && req.method === 'POST') {
      const comment = { id: nextId++, body: rec.body.body };
      thread(Number(listed[1])).push(comment);
      return send(201, comment);
    }
    const edited = one.exec(path);
    if (edited && req.method === (kind === 'github' ? 'PATCH' : 'PUT')) {
      const comment = [...threads.values()].flat().find((c) => c.id === Number(edited[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = rec.body.body;
      return send(200, comment);
    }
    send(404, { message: 'Not Found' });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    api: kind === 'github' ? origin : `${origin}/api/v4`,
    requests,
    comments: (n) => thread(n),
    add: (n, body) => void thread(n).push({ id: nextId++, body }),
    failWith: (status, body) => (failure = { status, body }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
