// The error codes of the VoipCenter document (head 10-17, body 1, 2, 20, 21) with what
// each means for a pbxctl user.
import { ProviderError } from '../../engine/provider.ts';

const MEANINGS: Record<number, string> = {
  1: 'Could not connect to server: VoipCenter could not reach your PBX; try again later',
  2: 'Incorrect ID: no item has that id',
  10: 'Missing parameters: the request lacked a required parameter',
  11: "Timestamp mismatch: the request's ts is more than 5 s off the server clock",
  12: 'Wrong format: format must be json or xml',
  13: 'Too many attempts: the server limits the request rate',
  14: "Incorrect hash: the signature does not match; check the private API key ('key')",
  15: "User password incorrect: check 'password' (the customer's VoipCenter password)",
  16: "API user not allowed: check 'api_id' and 'customer' (klantnummer)",
  17: 'Param not correct: the server refused a parameter',
  20: 'Call Auth failed: the SIP account could not be reached to start the call (unknown or not registered)',
  21: 'Call Leg failed: the number could not be called (write it in Belgian form 09… or international digits 32…)',
};

export const TIMESTAMP_MISMATCH = 11;
export const TOO_MANY_ATTEMPTS = 13;

export class VoipcenterError extends ProviderError {
  constructor(
    readonly code: number,
    what: string,
    hint = '',
  ) {
    super(`VoipCenter error ${code} on ${what}: ${MEANINGS[code] ?? 'unknown error code'}${hint}`);
  }
}
