// VoipCenter keys DID routes by their number as E.164 (mapping.ts e164): the shortcut for
// numbers already in +32… form gives what libphonenumber gives, for any such number and
// for the forms around it (national, a 0 after +32, separators, other countries).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { e164 } from '../src/providers/voipcenter/mapping.ts';

const library = (text: string) => parsePhoneNumberFromString(text, 'BE')?.number ?? text;
const sameAsLibrary = (text: string) => assert.is(e164(text), library(text), text);
const runs = { numRuns: 20_000, seed: 2024 };

test('a +32 number without a leading 0 is its own E.164, as libphonenumber says', () => {
  fc.assert(fc.property(fc.stringMatching(/^\+32[1-9]\d{0,18}$/), sameAsLibrary), runs);
  for (let length = 0; length <= 18; length++) for (const first of '123456789') for (const fill of '0123456789') sameAsLibrary(`+32${first}${fill.repeat(length)}`);
});

test('the forms the shortcut leaves to libphonenumber convert as before', () => {
  const forms = fc.oneof(
    fc.stringMatching(/^\+320\d{0,18}$/),
    fc.stringMatching(/^0\d{7,9}$/),
    fc.stringMatching(/^\+\d{1,3}[\d .()/-]{0,16}$/),
    fc.stringMatching(/^32\d{8,9}$/),
    fc.string(),
  );
  fc.assert(fc.property(forms, sameAsLibrary), runs);
  for (const text of ['+3292000000', '092000000', '+32 9 200 00 00', '+32092000000', '+442012345678', '', 'abc']) sameAsLibrary(text);
});

test.run();
