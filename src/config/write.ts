// `pbxctl import`: the YAML for what is live. The provider block keeps its settings as
// written (so ${VAR}s stay ${VAR}s); its kinds are replaced by the live objects, each
// cut to what the schema accepts, secrets left out or turned into ${VAR} placeholders.
import { readFile } from 'node:fs/promises';
import picomatch from 'picomatch';
import { Document, isMap, isScalar, parseDocument } from 'yaml';
import type { LiveState, ModelObject, ProviderConfig } from '../engine/model.ts';
import type { ProviderModule } from '../engine/provider.ts';
import { getPath, leaves, setPath, underAny } from '../engine/paths.ts';
import { newAjv } from './validate.ts';
import { splitObserved } from '../engine/observed.ts';

export interface ImportedBlock {
  /** the provider's block: its settings as written, its kinds as live */
  block: ModelObject;
  /** the ${VAR}s that --with-secrets wrote, to be set before planning */
  variables: string[];
  /** fields left out because the schema does not accept what the PBX holds */
  dropped: string[];
  /** objects written per kind (ignored ones are not) */
  counts: Record<string, number>;
  /** comments beside fields of the block (ProviderModule.importNotes) */
  notes: ImportNote[];
}

export interface ImportNote {
  /** inside the provider block: kind, index, field */
  path: (string | number)[];
  text: string;
}

export const variableName = (...parts: string[]) => parts.join('_').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');

/** a configuration file holding these provider blocks, headed by the editor's schema modeline and comment lines, with notes per block */
export function configYaml(providers: Record<string, ModelObject>, modeline: string, comment = '', notes: Record<string, ImportNote[]> = {}): string {
  // YAML 1.1 rules quote strings such as "yes" that older readers take for booleans
  const doc = new Document({ providers }, { schema: 'yaml-1.1' });
  for (const [name, list] of Object.entries(notes))
    for (const n of list) {
      const node = doc.getIn(['providers', name, ...n.path], true);
      // one line, whatever the server wrote
      if (isScalar(node)) node.comment = ` ${n.text.replace(/\s+/g, ' ')}`;
    }
  return `${modeline}\n${comment}version: 1\n${doc.toString({ lineWidth: 0 })}`;
}

/** `read`: everything read along with `live`, for the provider's import notes */
export async function importBlock(pc: ProviderConfig, mod: ProviderModule, live: LiveState, opts: { withSecrets: boolean; read?: LiveState }): Promise<ImportedBlock> {
  const doc = parseDocument(await readFile(pc.loc.file, 'utf8'));
  const written = doc.getIn(['providers', pc.name]);
  const block: ModelObject = isMap(written) ? (written.toJSON() as ModelObject) : { type: pc.type };
  const variables: string[] = [];
  const notes: ImportNote[] = [];
  for (const kind of Object.keys(live)) {
    const spec = mod.capabilities.kinds[kind];
    const ignored = picomatch(pc.kinds[kind]?.policy.ignore.length ? pc.kinds[kind].policy.ignore : ['\u0000']);
    block[kind] = live[kind]
      .filter((o) => !ignored(o.key))
      .map((o) => {
        const obj: ModelObject = { [spec.key]: o.key };
        // what the PBX changes at run time is not configuration
        for (const [path, value] of leaves(splitObserved(spec, o.data, {}).data)) {
          if (value === '' || path === spec.key) continue;
          if (!underAny(path, spec.secrets)) setPath(obj, path, value);
          else if (opts.withSecrets) {
            const name = variableName(pc.name, o.key, path);
            variables.push(name);
            setPath(obj, path, `\${${name}}`);
          }
        }
        return obj;
      });
    (block[kind] as ModelObject[]).forEach((obj, i) => {
      const data = live[kind].find((o) => o.key === obj[spec.key])!.data;
      for (const [field, text] of Object.entries(mod.importNotes?.(kind, data, opts.read ?? live) ?? {})) notes.push({ path: [kind, i, ...field.split('.')], text });
    });
  }
  const dropped = fitSchema(block, mod);
  const counts = Object.fromEntries(Object.keys(live).map((kind) => [kind, (block[kind] as unknown[]).length]));
  return { block, variables, dropped, counts, notes };
}

/** removes the fields the provider's schema rejects, and says which */
function fitSchema(block: ModelObject, mod: ProviderModule): string[] {
  const validate = newAjv(true).compile(mod.schema);
  const dropped: string[] = [];
  for (let round = 0; round < 5 && !validate(block); round++) {
    for (const err of validate.errors ?? []) {
      const parts = err.instancePath.split('/').slice(1);
      if (parts.length < 2) continue; // settings and kinds themselves are not ours to cut
      const [kind, index, ...path] = parts;
      // a key the schema does not know is reported on its object, not on itself
      const extra = err.keyword === 'additionalProperties' ? [String(err.params.additionalProperty)] : [];
      const field = [...path, ...extra];
      const obj = (block[kind] as ModelObject[])[Number(index)];
      const value = getPath(obj, field.join('.'));
      // a ${VAR} placeholder stands for a value the schema checks once it is set
      if (!field.length || value === undefined || (typeof value === 'string' && value.startsWith('${'))) continue;
      removePath(obj, field);
      // read-only details (a DID's portal name) are not worth a word; rejected values are
      if (!extra.length) dropped.push(`${kind} ${String(obj[mod.capabilities.kinds[kind].key])}: ${field.join('.')} (${err.message})`);
    }
  }
  return dropped;
}

function removePath(obj: ModelObject, parts: string[]) {
  const parent = parts.length > 1 ? (getPath(obj, parts.slice(0, -1).join('.')) as ModelObject) : obj;
  delete parent[parts[parts.length - 1]];
}
