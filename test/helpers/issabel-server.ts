// An Issabel emulator on loopback that the real CLI reaches through ${PBX_URL} and
// ${PBX_PASSWORD}, for tests that slow or watch the server from outside the CLI.
import { createIssabelEmulator, type IssabelEmulatorOptions } from '../../src/providers/issabel/sandbox/index.ts';
import { listen } from '../../src/sandbox/server.ts';

/** a configuration with one Issabel provider named hq; `kinds` indented by 4 */
export const hqYaml = (kinds: string) => `version: 1
providers:
  hq:
    type: issabel
    url: \${PBX_URL}
    password: \${PBX_PASSWORD}
${kinds}`;

/** hq declaring one extension "Desk N" per number */
export const desksYaml = (numbers: string[]) =>
  hqYaml(`    extensions:\n${numbers.map((n) => `      - { number: "${n}", name: Desk ${n} }`).join('\n')}\n`);

/** an empty Issabel (unless opts say otherwise) and the variables that point hq at it */
export async function issabelServer(opts: IssabelEmulatorOptions = {}) {
  const emulator = createIssabelEmulator({ seed: 'empty', ...opts });
  const server = await listen(emulator);
  const { url, password } = emulator.settings(server.url) as { url: string; password: string };
  return { emulator, server, env: { PBX_URL: url, PBX_PASSWORD: password } };
}
