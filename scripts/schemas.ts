// npm run schemas: writes schemas/pbx.config.schema.json from the provider registry.
import { writeFile } from 'node:fs/promises';
import { registry } from '../src/providers/index.ts';
import { editorSchemaText } from '../src/config/editor-schema.ts';

const file = new URL('../schemas/pbx.config.schema.json', import.meta.url);
await writeFile(file, editorSchemaText(registry));
console.log(`wrote ${file.pathname}`);
