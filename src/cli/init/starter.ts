// Starter provider blocks for `pbxctl init`, read from each provider type's schema: its
// required connection settings as ${VAR}s, its other text settings commented out, and
// the kinds it manages listed in comments.
import type { ProviderModule } from '../../engine/provider.ts';
import { variableName } from '../../config/write.ts';
import { managedKinds } from '../actions/import.ts';

/** an environment variable a generated file reads */
export interface Variable {
  name: string;
  secret: boolean;
}

interface PropertySchema {
  type?: string;
  description?: string;
}

interface BlockSchema {
  properties: Record<string, PropertySchema>;
  required?: string[];
}

export interface Starter {
  /** the block as YAML lines under `providers:` */
  text: string;
  /** the variables its active settings read */
  variables: Variable[];
}

const comment = (indent: string, text: string | undefined) => (text ? `${indent}# ${text.replace(/\s*\n\s*/g, ' ')}\n` : '');

export function starterBlock(name: string, module: ProviderModule): Starter {
  const { properties, required = [] } = module.schema as BlockSchema;
  const kinds = Object.keys(module.capabilities.kinds);
  const managed = managedKinds(module);
  const secrets = module.capabilities.settingsSecrets;
  const variables: Variable[] = [];
  let text = `  ${name}:\n    type: ${module.type}\n`;
  const optional: string[] = [];
  for (const [field, prop] of Object.entries(properties)) {
    if (field === 'type' || kinds.includes(field)) continue;
    const line = `${field}: \${${variableName(name, field)}}`;
    if (required.includes(field)) {
      variables.push({ name: variableName(name, field), secret: secrets.includes(field) });
      text += `${comment('    ', prop.description)}    ${line}\n`;
    } else if (prop.type === 'string') optional.push(`${comment('    ', prop.description)}    # ${line}\n`);
  }
  if (optional.length) text += `    # Other settings (uncomment what you use):\n${optional.join('')}`;
  if (managed.length) text += `    # What it manages (\`pbxctl import --provider ${name}\` prints what is live):\n`;
  for (const kind of managed) text += `    #   ${kind}: ${properties[kind]?.description ?? ''}\n`;
  return { text, variables };
}

export const STARTER_HEADER = `# pbxctl configuration: one block per phone system (delete the ones you do not have).
# The connection settings come from the environment variables the file names, never
# from the file; \`npx pbxctl plan --sandbox\` plans it against built-in emulators without them.
`;
