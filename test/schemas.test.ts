// The editor schema is generated from the provider registry (`npm run schemas`): the
// committed file is what the script makes, and editors need nothing beyond it and common.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { editorSchemaText } from '../src/config/editor-schema.ts';
import { newAjv } from '../src/config/validate.ts';
import { registry } from '../src/providers/index.ts';
import { createEmulator } from '../src/sandbox/registry.ts';

const committed = readFileSync(new URL('../schemas/pbx.config.schema.json', import.meta.url), 'utf8');

test('schemas/pbx.config.schema.json is what `npm run schemas` makes from the registry', () => {
  assert.ok(committed === editorSchemaText(registry), 'schemas/pbx.config.schema.json is stale: run `npm run schemas` and commit it');
});

test('the editor schema checks every provider type with only common.schema.json beside it', async () => {
  const validate = newAjv(true).compile(JSON.parse(committed) as object);
  for (const type of Object.keys(registry)) {
    // the block a sandbox run uses: the emulator's connection settings
    const block = { type, ...(await createEmulator(type)).settings('https://pbx.example.com') };
    assert.ok(validate({ version: 1, providers: { p: block } }), `${type}: ${JSON.stringify(validate.errors)}`);
    assert.not.ok(validate({ version: 1, providers: { p: { ...block, not_a_setting: 1 } } }), `${type}: an unknown key is refused`);
    assert.ok(validate.errors?.some((e) => e.params.additionalProperty === 'not_a_setting'), `${type}: ${JSON.stringify(validate.errors)}`);
  }
});

test.run();
