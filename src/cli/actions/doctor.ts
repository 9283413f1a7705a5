// pbxctl doctor: can every provider be reached with these credentials? Changes nothing.
import { sessionFor } from '../context.ts';
import { readingOnly } from '../interrupt.ts';
import { loadOrReport } from '../load.ts';
import { type CommonOptions } from '../command.ts';
import type { Output } from '../output.ts';

export async function run(opts: CommonOptions, o: Output): Promise<number> {
  const config = await loadOrReport(opts, o, 'connection');
  if (!config) return 1;
  const results = await readingOnly(o, 'interrupted while reaching the providers; nothing was changed on any PBX', (signal) => Promise.all(
    config.providers.map(async (pc) => {
      const lines = [`${o.style('bold', pc.name)} (${pc.type})`];
      const { module, session, close } = await sessionFor(config, pc.name, opts, o, signal);
      try {
        if (pc.settings.insecure) lines.push(o.style('yellow', '  ! TLS certificate verification is OFF (insecure: true)'));
        const account = session.account ? await session.account() : {};
        lines.push(o.style('green', `  ✓ reached ${module.title} and signed in`));
        const width = Math.max(0, ...Object.keys(account).map((k) => k.length));
        for (const [key, value] of Object.entries(account)) lines.push(`  ${`${key}:`.padEnd(width + 1)} ${value}`);
        return { ok: true, lines };
      } catch (err) {
        if (signal.aborted) throw err;
        lines.push(o.style('red', `  ✗ ${err instanceof Error ? err.message : String(err)}`));
        return { ok: false, lines };
      } finally {
        await close();
      }
    }),
  ));
  for (const r of results) o.out(r.lines.join('\n'));
  return results.every((r) => r.ok) ? 0 : 1;
}
