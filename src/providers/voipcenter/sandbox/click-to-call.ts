// call.php: rings the SIP account first, then the number. An unknown SIP account fails
// the first leg's authentication (20); a number that is neither Belgian (0…) nor
// international E.164 digits (country code first, no +) fails the second leg (21).
import { fail, ok, type Answer } from './response.ts';
import type { VoipcenterState } from './state.ts';

const DIALABLE = /^(0\d{8,9}|[1-9]\d{9,14})$/;

export function clickToCall(state: VoipcenterState, sipacc: string, telnr: string): Answer {
  if (!state.sipAccounts.some((s) => s.username === sipacc)) return fail(20);
  if (!DIALABLE.test(telnr)) return fail(21);
  return ok({ sipacc, telnr, status: 'initiated' });
}
