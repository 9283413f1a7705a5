// Generic fault injection in front of any emulator: 5xx answers, slow answers, latency,
// and connections reset after a write was committed (the answer is lost, the change is not).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GenericFaults } from './emulator.ts';

export const noFaults = (): GenericFaults => ({
  errorRate: 0,
  errorStatuses: [500, 502, 503],
  slowRate: 0,
  slowMs: 0,
  resetAfterWriteRate: 0,
  latencyMs: 0,
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const isWrite = (method = 'GET') => !['GET', 'HEAD', 'OPTIONS'].includes(method);

export function withFaults(handler: Handler, faults: GenericFaults, random: () => number = Math.random): Handler {
  return (req, res) => {
    const delay = faults.latencyMs + (random() < faults.slowRate ? faults.slowMs : 0);
    const run = () => {
      if (res.destroyed) return;
      if (random() < faults.errorRate) {
        const statuses = faults.errorStatuses.length ? faults.errorStatuses : [500];
        res.writeHead(statuses[Math.floor(random() * statuses.length)], { 'Content-Type': 'text/html' });
        res.end('<html><body><h1>Service Unavailable</h1></body></html>');
        return;
      }
      if (isWrite(req.method) && random() < faults.resetAfterWriteRate) {
        // let the emulator commit, then drop the connection instead of answering
        res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
        res.end = ((..._args: unknown[]) => {
          req.socket.destroy();
          return res;
        }) as ServerResponse['end'];
      }
      handler(req, res);
    };
    if (delay > 0) setTimeout(run, delay);
    else run();
  };
}
