// The number of a click-to-call, checked before anything is sent: VoipCenter takes Belgian
// (093456789) or international digits without the + (3293456789); people also write E.164.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { ProviderError } from '../../engine/provider.ts';

/** the number as call.php's telnr (E.164 digits, no +), and as people read it */
export function dialable(to: string): { telnr: string; shown: string } {
  const text = to.trim();
  // digits that start with neither + nor 0 are international, country code first
  const international = /^[1-9][\d\s./-]*$/.test(text) ? `+${text}` : text;
  const number = parsePhoneNumberFromString(international, 'BE');
  if (!number?.isValid())
    throw new ProviderError(`--to ${to} is not a phone number VoipCenter can call: write it as E.164 (+3293456789), Belgian (093456789) or international digits (3293456789)`);
  return { telnr: number.number.slice(1), shown: number.formatInternational() };
}
