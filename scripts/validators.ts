// The loader's validators as one ES module of ajv standalone code (what the build puts in
// place of src/config/precompiled.ts): the same schemas, the same Ajv options.
import standaloneCode from 'ajv/dist/standalone/index.js';
import { newAjv, schemaFingerprint, topSchema } from '../src/config/validate.ts';
import { registry } from '../src/providers/index.ts';

export function precompiledModule(): string {
  const ajv = newAjv(false, true);
  const top = topSchema(registry);
  ajv.addSchema(top);
  const exports: Record<string, string> = { top: top.$id };
  for (const [type, m] of Object.entries(registry)) {
    ajv.addSchema(m.schema);
    exports[`provider_${type}`] = (m.schema as { $id: string }).$id;
  }
  const code = standaloneCode.default(ajv, exports);
  const providers = Object.keys(registry).map((type) => `${JSON.stringify(type)}: provider_${type}`);
  return [
    // ajv's standalone code requires its runtime helpers and formats by name
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    code,
    `export const precompiled = { fingerprint: ${JSON.stringify(schemaFingerprint(registry))}, top, providers: { ${providers.join(', ')} } };`,
  ].join('\n');
}
