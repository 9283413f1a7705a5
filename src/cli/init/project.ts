// The files around the configuration in a repository `pbxctl init` makes: package.json
// pinning pbxctl, .gitignore, and a CI pipeline copied from examples/ for a standalone repository.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { packageRoot } from '../installation.ts';
import { PIPELINES } from './pipelines.ts';
import type { Variable } from './starter.ts';

/** a file init writes: its new text, or undefined when what is there already serves */
export interface PlannedFile {
  path: string;
  text: string | undefined;
  /** the file exists and would change */
  changes: boolean;
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** package.json with pbxctl as a devDependency at this version; an existing one keeps everything else */
export function packageJson(dir: string, version: string): PlannedFile {
  const path = join(dir, 'package.json');
  const old = read(path);
  const pkg = (old ? JSON.parse(old) : { private: true, description: 'Phone system configuration, planned and applied with pbxctl' }) as Record<string, any>;
  if (pkg.dependencies?.pbxctl || pkg.devDependencies?.pbxctl) return { path, text: undefined, changes: false };
  pkg.devDependencies = { ...pkg.devDependencies, pbxctl: version };
  return { path, text: `${JSON.stringify(pkg, null, 2)}\n`, changes: old !== undefined };
}

const IGNORED = ['node_modules/', '.pbxctl/', '.pbxctl-state/', 'plan.json', '*.plan.json', 'plan.md', 'ledger.json', 'drift.html', 'drift.xml'];

/** .gitignore with pbxctl's state and the files its commands and pipelines write; an existing one gets the lines it lacks */
export function gitignore(dir: string): PlannedFile {
  const path = join(dir, '.gitignore');
  const old = read(path);
  const has = new Set((old ?? '').split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((l) => !has.has(l));
  if (!missing.length) return { path, text: undefined, changes: false };
  const before = old ? `${old.replace(/\n?$/, '\n')}\n` : '';
  return { path, text: `${before}# pbxctl: its state, and what plan, apply and drift write\n${missing.join('\n')}\n`, changes: old !== undefined };
}

const EXAMPLES = { github: 'examples/github/pbxctl.yml', gitlab: 'examples/gitlab/.gitlab-ci.yml' } as const;

/**
 * the example pipeline; for GitHub, its env passes the variables this configuration reads
 * (secrets from the repository's secrets, the other settings from its variables). GitLab
 * passes every CI/CD variable to the jobs itself.
 */
export function pipeline(dir: string, ci: keyof typeof PIPELINES, variables: Variable[]): PlannedFile {
  const path = join(dir, PIPELINES[ci]);
  const example = readFileSync(join(packageRoot, EXAMPLES[ci]), 'utf8');
  if (ci === 'gitlab') return { path, text: example, changes: existsSync(path) };
  const doc = parseDocument(example);
  const env = doc.get('env');
  if (!isMap(env)) throw new Error(`${EXAMPLES.github} has no env`);
  // the example's own secrets are those of the example configuration
  env.items = env.items.filter((pair) => !(isScalar(pair.value) && /^\$\{\{ secrets\.\w+ \}\}$/.test(String(pair.value.value))));
  const passed = variables.map((v) => doc.createPair(v.name, `\${{ ${v.secret ? 'secrets' : 'vars'}.${v.name} }}`));
  env.items.unshift(...passed);
  return { path, text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), changes: existsSync(path) };
}
