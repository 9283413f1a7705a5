// The file's bytes as text: UTF-8 only (a byte-order mark at the start is fine). Bytes that
// are not UTF-8 would reach PBXs as replacement characters, so they are an error at their place.

export interface Undecodable {
  line: number;
  col: number;
  message: string;
}

const SAVE = 'save it as UTF-8';

function utf16(bytes: Uint8Array): boolean {
  const [a, b] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return true;
  // without a byte-order mark, ASCII text in UTF-16 has a zero byte beside each character
  return bytes.length >= 2 && (a === 0) !== (b === 0);
}

/** line and column (1-based) of the end of text */
function endOf(text: string): { line: number; col: number } {
  const lines = text.replace(/^\ufeff/, '').split('\n');
  return { line: lines.length, col: lines[lines.length - 1].length + 1 };
}

export function decodeUtf8(bytes: Uint8Array): string | Undecodable {
  if (utf16(bytes)) return { line: 1, col: 1, message: `the file is UTF-16, not UTF-8; ${SAVE}` };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // the replacement characters that do not stand for EF BF BD in the file mark the bad bytes
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    for (let at = text.indexOf('\ufffd'); at >= 0; at = text.indexOf('\ufffd', at + 1)) {
      const offset = Buffer.byteLength(text.slice(0, at));
      if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue;
      const hex = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
      return { ...endOf(text.slice(0, at)), message: `the file is not valid UTF-8 (byte 0x${hex}); ${SAVE}` };
    }
    return { line: 1, col: 1, message: `the file is not valid UTF-8; ${SAVE}` };
  }
}
