// Where the running pbxctl lives (a clone of its repository, or a copy installed in
// node_modules) and how a configuration file refers to its editor schema from its folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** the folder of pbxctl's package.json, found upwards from this module (sources or bundle) */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!isPbxctl(dir)) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the pbxctl package this program belongs to');
    dir = up;
  }
  return dir;
}

function isPbxctl(dir: string): boolean {
  const file = join(dir, 'package.json');
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'pbxctl';
}

export const packageRoot = findRoot();

/** a clone has the sources; an installed copy has only the bundle */
export const runsFromClone = existsSync(join(packageRoot, 'src', 'cli', 'main.ts'));

const SCHEMA = ['schemas', 'pbx.config.schema.json'];

/** the folder holding the nearest package.json above dir (the user's project), else dir */
function projectOf(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return dir;
  }
}

/**
 * the editor schema as a path relative to the folder of yamlFile: the clone's schemas/, or
 * the copy of pbxctl in the project's node_modules (the one running, when the file is in
 * its project; else where `npm install` will put it in `project`, by default the nearest
 * folder with a package.json)
 */
export function schemaReference(yamlFile: string, project?: string): string {
  const dir = dirname(resolve(yamlFile));
  const installedIn = dirname(dirname(packageRoot));
  let target: string;
  if (runsFromClone) target = join(packageRoot, ...SCHEMA);
  else if (!project && `${dir}${sep}`.startsWith(`${installedIn}${sep}`)) target = join(packageRoot, ...SCHEMA);
  else target = join(resolve(project ?? projectOf(dir)), 'node_modules', 'pbxctl', ...SCHEMA);
  const path = relative(dir, target).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

export const modeline = (yamlFile: string, project?: string) => `# yaml-language-server: $schema=${schemaReference(yamlFile, project)}`;
