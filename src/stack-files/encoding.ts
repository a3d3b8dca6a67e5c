import { TextDecoder } from "util";
import { StackFileError } from "./problems";

/**
 * Bytes as the CLI reads them: a UTF-8 byte-order mark is dropped (workspace/loaders.go); a
 * UTF-16 one makes yaml.v2 read UTF-16 (its readerc.go); anything else must be UTF-8, and
 * yaml.v2 refuses control characters, NUL included.
 */
export function decodeStackFile(bytes: Buffer, source: string): string {
  const [b0, b1, b2] = bytes;
  const utf16 =
    b0 === 0xff && b1 === 0xfe ? "utf-16le" : b0 === 0xfe && b1 === 0xff ? "utf-16be" : undefined;
  const utf8Bom = b0 === 0xef && b1 === 0xbb && b2 === 0xbf;
  const encoding = utf16 ?? "utf-8";
  let text: string;
  try {
    const body = bytes.subarray(utf16 !== undefined ? 2 : utf8Bom ? 3 : 0);
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw new StackFileError([
      `${source}: is not valid ${encoding.toUpperCase()} text; save it as UTF-8`,
    ]);
  }
  const at = firstControlCharacter(text);
  if (at !== -1) {
    const line = text.slice(0, at).split("\n").length;
    const code = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
    const nuls = text.split("\0").length - 1;
    const problem =
      code === "0000" && nuls * 4 > text.length
        ? "is UTF-16 without a byte-order mark (it is full of NUL bytes), which the Pulumi CLI reads as UTF-8 and refuses; save it as UTF-8"
        : `line ${line} holds ${code === "0000" ? "a NUL byte" : `the control character U+${code}`}, which the Pulumi CLI refuses; remove it`;
    throw new StackFileError([`${source}: ${problem}`]);
  }
  return text;
}

/**
 * Where the first character yaml.v2 refuses as "control characters are not allowed" is: it takes
 * tab, LF, CR, NEL and printable characters only (its readerc.go), so NUL and U+0001… are out.
 */
function firstControlCharacter(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const printable =
      (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xfffd) || code === 0x85;
    if (!printable && code !== 0x09 && code !== 0x0a && code !== 0x0d) return index;
  }
  return -1;
}
