// --target and --exclude: plan only some objects, as `KIND/KEY` or `PROVIDER/KIND/KEY`
// globs. Nothing outside the selection is planned; a selected change that needs one left
// out (an object it refers to, created by this plan; a value another change frees) is an
// error naming it, never applied without it.
import picomatch from 'picomatch';
import type { Change, Issue, Unmanaged } from './model.ts';

/** the --target and --exclude patterns as the user wrote them */
export interface Selection {
  target: string[];
  exclude: string[];
}

type Match = (text: string) => boolean;

export interface ObjectRef {
  provider: string;
  kind: string;
  key: string;
}

interface Pattern {
  flag: '--target' | '--exclude';
  text: string;
  provider?: Match;
  kind: Match;
  key: Match;
}

export interface Selector {
  /** the object is planned */
  selects(provider: string, kind: string, key: string): boolean;
  /** the pattern that leaves it out: a --exclude, or undefined when no --target names it */
  leftOutBy(provider: string, kind: string, key: string): Pattern | undefined;
  /** whether any pattern could select an object of this provider */
  mayTouch(provider: string): boolean;
  targets: Pattern[];
  /** suggest `provider/kind/key` rather than `kind/key` (more than one provider planned) */
  qualified: boolean;
}

const glob = (text: string): Match => picomatch(text, { dot: true });

export const isEmpty = (s: Selection | undefined) => !s || (!s.target.length && !s.exclude.length);

const hits = (p: Pattern, { provider, kind, key }: ObjectRef) => (!p.provider || p.provider(provider)) && p.kind(kind) && p.key(key);

/**
 * Compiles the patterns. Three or more parts whose first names a provider of the run
 * are PROVIDER/KIND/KEY; otherwise the first part is the kind and the rest the key.
 */
export function compileSelection(sel: Selection, providers: string[]): Selector {
  const compile = (flag: Pattern['flag'], text: string): Pattern => {
    const parts = text.split('/');
    if (parts.length < 2 || parts.some((p) => p === ''))
      throw new Error(`${flag} takes KIND/KEY or PROVIDER/KIND/KEY (globs allowed, e.g. extensions/10*), not '${text}'`);
    const provider = parts.length >= 3 && providers.some(glob(parts[0])) ? glob(parts.shift()!) : undefined;
    return { flag, text, provider, kind: glob(parts[0]), key: glob(parts.slice(1).join('/')) };
  };
  const targets = sel.target.map((t) => compile('--target', t));
  const excludes = sel.exclude.map((t) => compile('--exclude', t));
  const leftOutBy = (provider: string, kind: string, key: string) => {
    const obj = { provider, kind, key };
    const excluded = excludes.find((p) => hits(p, obj));
    if (excluded) return excluded;
    return targets.length && !targets.some((p) => hits(p, obj)) ? targets[0] : undefined;
  };
  return {
    selects: (provider, kind, key) => !leftOutBy(provider, kind, key),
    leftOutBy,
    mayTouch: (provider) => !targets.length || targets.some((p) => !p.provider || p.provider(provider)),
    targets,
    qualified: providers.length > 1,
  };
}


/**
 * The changes and unmanaged objects of one provider that the selection keeps, and an
 * issue for every kept change that depends on one left out.
 */
export function narrow(provider: string, sel: Selector, changes: Change[], unmanaged: Unmanaged[]) {
  const kept = (c: Change) => sel.selects(provider, c.kind, c.key) || (c.renamedFrom !== undefined && sel.selects(provider, c.kind, c.renamedFrom));
  const byId = new Map(changes.map((c) => [c.id, c]));
  const keptChanges = changes.filter(kept);
  const issues: Issue[] = [];
  for (const c of keptChanges) {
    for (const dep of c.dependsOn.map((id) => byId.get(id)!).filter((d) => d && !kept(d))) {
      const name = `${sel.qualified ? `${provider}/` : ''}${dep.kind}/${dep.key}`;
      const by = sel.leftOutBy(provider, dep.kind, dep.key)!;
      const fix = by.flag === '--exclude' ? `narrow --exclude ${by.text}` : `add --target ${name}`;
      issues.push({ loc: c.loc, message: `${c.kind}/${c.key} needs ${name} (${dep.action}), which ${by.flag === '--exclude' ? `--exclude ${by.text}` : '--target'} leaves out: ${fix}` });
    }
  }
  return { changes: keptChanges, unmanaged: unmanaged.filter((u) => sel.selects(provider, u.kind, u.key)), issues };
}

/** the --target patterns that match none of the objects (declared or live), as written */
export const unmatchedTargets = (sel: Selector, objects: ObjectRef[]) =>
  sel.targets.filter((p) => !objects.some((o) => hits(p, o))).map((p) => p.text);
