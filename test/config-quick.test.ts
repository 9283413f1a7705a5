// The quick reading of configuration files (js-yaml) against yaml's Document, the reading
// that places every message. Property: for any file, what the loader gives (Config with
// every object's and field's position, errors, warnings, secret values) is what the yaml
// reading alone gives. Files are the example configuration written in random YAML styles:
// block and flow collections, plain, quoted and block scalars, comments, anchors, aliases
// and merge keys, and values that look like numbers, octal, hex, booleans or null.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { loadQuickly, loadText, type LoadOptions } from '../src/config/load.ts';
import { quickSource } from '../src/config/quick-source.ts';
import { registry } from '../src/providers/index.ts';
import { EXAMPLE } from './helpers/issabel.ts';

const SEED = Number(process.env.PROPERTY_SEED ?? 2024);
const FILE = '/work/pbx.config.yaml';
const exampleText = readFileSync(EXAMPLE, 'utf8');
const example: unknown = parseDocument(exampleText).toJS();
const env = Object.fromEntries([...exampleText.matchAll(/\$\{([A-Z0-9_]+)/g)].map(([, name]) => [name, "43210"]));
const opts: LoadOptions = { env, registry };

const TRICKY = [
  '1000', '0x1F', '0o17', '017', '1e3', '.5', '+1', '-0', '1_000', '.inf', '-.Inf', '.NaN', '2001-12-14', '12:30',
  'true', 'True', 'FALSE', 'yes', 'no', 'on', 'null', 'Null', '~', '', '${EXT_1000_SECRET}', '$${literal}', '${UNSET_X:-fallback}',
  'x # y', '#x', "it's", 'two\nlines', 'ends\n', ' lead', 'trail ', '-', '- x', '? x', '@x', '!x', '&x', '*x', '"q"', 'é ü 中文',
  'a\tb', 'a: b', '<<', '[x]', '{x}', 'a,b', 'x:y', 'Ext 1000', 'a\u0085b', 'a\u2028b', '|', '>-',
  // written plain, these are the YAML source of quoted scalars
  '"\\x41\\u00e9\\N\\_\\e\\L\\P\\/\\ "', '"\\q"', "'a''b'", '"a" b',
];

const TRICKY_KEYS = ['1000', '0x10', '1.0', '~', 'null', 'true', '-0', '.inf', "'q'", '<<', 'a b', '"name"', '? k', 'k ', '__proto__', '"1000"'];

type Pick = (n: number) => number;

const pad = (n: number) => ' '.repeat(n);
/** a string that stays that string when written plain, in flow collections too */
const PLAIN = /^(?!(?:true|false|null|yes|no|on|off)$)[A-Za-z][A-Za-z0-9 ._@+/-]*(?<! )$/i;
const BLOCK_SAFE = /^[A-Za-z0-9$ {}.:_@-]+(?:\n[A-Za-z0-9$ {}.:_@-]+)*\n?$/;

/** a YAML writer that picks a style for every node */
function writer(pick: Pick) {
  const anchors: { name: string; map: boolean }[] = [];
  const chance = (n: number) => pick(n) === 0;
  // some files hold tricky values, some anchors and aliases; the others are valid and plain
  const tricky = chance(2);
  const anchored = chance(3);

  function scalar(value: unknown, indent: number, flow: boolean): string {
    if (value === null) return ['null', '~', 'Null'][pick(3)];
    if (typeof value !== 'string') return String(value);
    const odd = tricky && chance(20);
    const s = odd ? TRICKY[pick(TRICKY.length)] : value;
    const style = pick(flow || !BLOCK_SAFE.test(s) ? 3 : 5);
    // a tricky value may be written plain whatever it turns into
    if (style === 0) return odd || PLAIN.test(s) ? s : JSON.stringify(s);
    if (style === 1) return `'${s.replace(/'/g, "''")}'`;
    if (style === 2) return JSON.stringify(s);
    const body = s.replace(/\n$/, '').split('\n').map((line) => `${pad(indent)}${line}`).join('\n');
    return `${style === 3 ? '|' : '>'}${s.endsWith('\n') ? '' : '-'}\n${body}`;
  }

  function key(k: string): string {
    if (tricky && chance(30)) return TRICKY_KEYS[pick(TRICKY_KEYS.length)];
    return chance(4) ? JSON.stringify(k) : k;
  }

  function flowNode(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(flowNode).join(', ')}]`;
    if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${key(k)}: ${flowNode(v)}`).join(', ')}}`;
    return scalar(value, 0, true);
  }

  /** what follows `key:` or `- ` (a block collection starts on the next line) */
  function node(value: unknown, indent: number): string {
    if (anchored && anchors.length && chance(12)) return ` *${anchors[pick(anchors.length)].name}`;
    const isMap = value !== null && typeof value === 'object' && !Array.isArray(value);
    const isSeq = Array.isArray(value);
    const empty = (isSeq && !value.length) || (isMap && !Object.keys(value).length);
    const comment = chance(5) ? ' # note' : '';
    if (!isMap && !isSeq) {
      const text = scalar(value, indent, false);
      return ` ${text}${text.includes('\n') ? '' : comment}`;
    }
    if (empty || chance(3)) {
      const name = anchored && chance(8) ? `a${anchors.push({ name: `a${anchors.length}`, map: isMap }) - 1}` : undefined;
      return ` ${name ? `&${name} ` : ''}${flowNode(value)}${comment}`;
    }
    return `${comment}\n${isSeq ? sequence(value, indent) : mapping(value as Record<string, unknown>, indent)}`;
  }

  function mapping(value: Record<string, unknown>, indent: number): string {
    const lines = Object.entries(value).map(([k, v]) => `${pad(indent)}${key(k)}:${node(v, indent + 2)}`);
    const maps = anchors.filter((a) => a.map);
    if (maps.length && chance(10)) lines.push(`${pad(indent)}<<: *${maps[pick(maps.length)].name}`);
    if (chance(6)) lines.splice(pick(lines.length + 1), 0, `${pad(indent)}# a comment line`, '');
    return lines.join('\n');
  }

  function sequence(value: unknown[], indent: number): string {
    return value
      .map((item) => {
        const compact = item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length && !chance(4);
        return compact ? `${pad(indent)}- ${mapping(item as Record<string, unknown>, indent + 2).trimStart()}` : `${pad(indent)}-${node(item, indent + 2)}`;
      })
      .join('\n');
  }

  return (doc: Record<string, unknown>) => {
    const text = `${mapping(doc, 0)}\n`;
    return chance(5) ? text.replace(/\n/g, '\r\n') : text;
  };
}

const written = (doc: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(doc, fc.infiniteStream(fc.nat())).map(([value, stream]) => {
    const it = stream[Symbol.iterator]();
    return writer((n) => it.next().value % n)(value);
  });

const styled = written(fc.constant(example as Record<string, unknown>));

/** small documents of tricky keys and values */
const { tree } = fc.letrec((tie) => ({
  tree: fc.dictionary(fc.constantFrom(...TRICKY_KEYS, 'a', 'b', 'c'), tie('value'), { maxKeys: 4 }),
  value: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...TRICKY, null, 7, true), tie('tree'), fc.array(tie('value'), { maxLength: 3 })),
}));

/** what loading gives; yaml's toJS throws on an alias to an anchor that is not set (so the loader did before) */
function outcome(text: string, quick: boolean): unknown {
  try {
    return loadText(FILE, text, opts, quick);
  } catch (err) {
    return { thrown: String(err) };
  }
}

test('for any way of writing the example, the loader gives what yaml alone gives (values, positions, messages)', () => {
  let quick = 0;
  let runs = 0;
  fc.assert(
    fc.property(styled, (text) => {
      runs++;
      if (loadQuickly(FILE, text, opts)) quick++;
      const both = outcome(text, true);
      const yamlOnly = outcome(text, false);
      assert.equal(both, yamlOnly);
      assert.is(JSON.stringify(both), JSON.stringify(yamlOnly));
    }),
    { numRuns: 300, seed: SEED },
  );
  // the quick reading is exercised, not only its way back to yaml
  assert.ok(quick >= runs / 10, `${quick} of ${runs} files were read quickly`);
});

test('any document js-yaml reads quickly, yaml reads without a problem and to the same values', () => {
  let quick = 0;
  fc.assert(
    fc.property(written(tree as fc.Arbitrary<Record<string, unknown>>), (text) => {
      const read = quickSource(FILE, text);
      if (!read) return;
      quick++;
      const doc = parseDocument(text, { merge: true });
      assert.equal([...doc.errors, ...doc.warnings], []);
      assert.equal(read.values(), doc.toJS());
      assert.is(JSON.stringify(read.values()), JSON.stringify(doc.toJS()));
    }),
    { numRuns: 500, seed: SEED },
  );
  assert.ok(quick >= 50, `${quick} documents were read quickly`);
});

test('the example is read quickly, with the Config yaml gives', () => {
  const fast = loadQuickly(FILE, exampleText, opts);
  assert.ok(fast?.config);
  assert.equal(fast, loadText(FILE, exampleText, opts, false));
});

test('anchors, aliases, merge keys, tags, directives and a byte-order mark are left to yaml', () => {
  const base = exampleText.replace(/^version: 1$/m, '');
  for (const text of [
    `version: &v 1\n${base}`,
    `x: &x 1\nversion: *x\n${base}`,
    `version: !!int 1\n${base}`,
    `%YAML 1.2\n---\nversion: 1\n${base}`,
    `\ufeffversion: 1\n${base}`,
    `defaults: {a: 1}\n<<: {b: 2}\nversion: 1\n${base}`,
  ]) {
    assert.is(quickSource(FILE, text), undefined, text.slice(0, 30));
  }
});

test.run();
