// pbxctl init: a configuration repository in a folder: package.json pinning this pbxctl,
// .gitignore, pbx.config.yaml (starter blocks, or what is live on the providers named
// with --import) whose editor schema resolves from there, and a CI pipeline if asked.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import pkg from '../../../package.json' with { type: 'json' };
import { didYouMean } from '../../config/suggest.ts';
import { configYaml, type ImportedBlock } from '../../config/write.ts';
import type { ModelObject } from '../../engine/model.ts';
import { registry } from '../../providers/index.ts';
import { loadOrReport } from '../load.ts';
import { modeline } from '../installation.ts';
import type { Output } from '../output.ts';
import { refuseOverwrite } from '../overwrite.ts';
import { PIPELINES } from '../init/pipelines.ts';
import { gitignore, packageJson, pipeline, type PlannedFile } from '../init/project.ts';
import { STARTER_HEADER, starterBlock, type Variable } from '../init/starter.ts';
import { importProvider, reportImport } from './import.ts';
import { readingOnly } from '../interrupt.ts';
import { UserError, type CommonOptions } from '../command.ts';

interface InitOptions extends CommonOptions {
  import?: string[];
  withSecrets?: boolean;
  ci?: keyof typeof PIPELINES;
  force?: boolean;
}

const CONFIG = 'pbx.config.yaml';
const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** --import name=type, checked */
function parseImports(values: string[]): { name: string; type: string }[] {
  const seen = new Set<string>();
  return values.map((value) => {
    const [name, type, ...rest] = value.split('=');
    if (!type || rest.length || !NAME.test(name))
      throw new UserError(`--import ${value}: write NAME=TYPE, e.g. hq=issabel (NAME: lowercase letters, digits, _ and -)`);
    if (!registry[type]) throw new UserError(`--import ${value}: unknown type '${type}'${didYouMean(type, Object.keys(registry))} (known types: ${Object.keys(registry).join(', ')})`);
    if (seen.has(name)) throw new UserError(`--import names ${name} twice`);
    seen.add(name);
    return { name, type };
  });
}

interface Configuration {
  text: string;
  variables: Variable[];
}

/** a starter block per provider type of the registry, each named after its type */
function starters(file: string, dir: string): Configuration {
  const blocks = Object.entries(registry).map(([type, module]) => starterBlock(type, module));
  return {
    text: `${modeline(file, dir)}\n${STARTER_HEADER}version: 1\nproviders:\n${blocks.map((b) => b.text).join('\n')}`,
    variables: blocks.flatMap((b) => b.variables),
  };
}

/** the providers named by --import, each block read from what is live on it (or on the sandbox) */
async function imported(file: string, dir: string, wanted: { name: string; type: string }[], opts: InitOptions, o: Output): Promise<Configuration | undefined> {
  const starts = wanted.map((w) => starterBlock(w.name, registry[w.type]));
  const unset = starts.flatMap((s) => s.variables).filter((v) => process.env[v.name] === undefined);
  if (unset.length && !opts.sandbox)
    throw new UserError(`to import, set the connection settings the file will read: ${unset.map((v) => v.name).join(' ')} (or add --sandbox to import from the built-in sandbox)`);
  // the connection settings as the new file will have them, loaded as import loads a file
  const scratch = await mkdtemp(join(tmpdir(), 'pbxctl-init-'));
  try {
    const config = join(scratch, CONFIG);
    await writeFile(config, `version: 1\nproviders:\n${starts.map((s) => s.text).join('')}`);
    const loaded = await loadOrReport({ ...opts, config }, o, 'connection');
    if (!loaded) return undefined;
    const blocks: Record<string, ModelObject> = {};
    const results: [string, ImportedBlock & { kinds: string[] }][] = [];
    await readingOnly(o, 'interrupted while reading the PBXs; nothing was written', async (signal) => {
      for (const { name } of wanted) {
        const result = await importProvider(loaded, name, opts, o, signal);
        blocks[name] = result.block;
        results.push([name, result]);
      }
    });
    for (const [name, result] of results) reportImport(o, name, result, relative(process.cwd(), file));
    const secrets = results.flatMap(([, r]) => r.variables.map((name) => ({ name, secret: true })));
    const notes = Object.fromEntries(results.map(([name, r]) => [name, r.notes]));
    return { text: configYaml(blocks, modeline(file, dir), '', notes), variables: [...starts.flatMap((s) => s.variables), ...secrets] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `where` is the folder as the user named it (none: the current one) */
function nextSteps(o: Output, dir: string, where: string | undefined, written: string[], variables: Variable[], ci?: keyof typeof PIPELINES) {
  o.err(`Wrote ${written.map((f) => relative(dir, f)).join(', ')}${where ? ` in ${where}` : ''}.`);
  o.err('Next:');
  if (where) o.err(`  cd ${where}`);
  o.err(`  npm install                  # installs pbxctl ${pkg.version}; commit package-lock.json`);
  o.err('  npx pbxctl plan --sandbox    # plans the file against the built-in emulators');
  if (variables.length) o.err(`  set ${variables.map((v) => v.name).join(' ')}, then: npx pbxctl doctor`);
  if (ci === 'github') o.err('  in GitHub: each secret as a repository secret, the other settings as repository variables, and PBXCTL_PLAN_KEY');
  if (ci === 'gitlab') o.err('  in GitLab: each variable as a CI/CD variable (secrets masked), and PBXCTL_PLAN_KEY');
}

export async function run(opts: InitOptions, o: Output, args: string[]): Promise<number> {
  const dir = resolve(args[0] ?? '.');
  const wanted = parseImports(opts.import ?? []);
  const file = join(dir, CONFIG);
  const around: PlannedFile[] = [packageJson(dir, pkg.version), gitignore(dir)];
  const ciFile = opts.ci ? join(dir, PIPELINES[opts.ci]) : undefined;
  const taken = [file, ...(ciFile ? [ciFile] : []), ...around.filter((f) => f.changes).map((f) => f.path)];
  refuseOverwrite(taken.map((f) => relative(process.cwd(), f)), opts.force);

  const configuration = wanted.length ? await imported(file, dir, wanted, opts, o) : starters(file, dir);
  if (!configuration) return 1;
  const files = [{ path: file, text: configuration.text }, ...around];
  if (opts.ci) files.push(pipeline(dir, opts.ci, configuration.variables));
  const written: string[] = [];
  for (const f of files) {
    if (f.text === undefined) continue;
    await mkdir(dirname(f.path), { recursive: true });
    await writeFile(f.path, f.text);
    written.push(f.path);
  }
  nextSteps(o, dir, args[0] === '.' ? undefined : args[0], written, configuration.variables, opts.ci);
  return 0;
}
