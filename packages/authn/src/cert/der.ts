/**
 * A minimal DER reader: just enough ASN.1 to read the parts of an X.509 certificate that
 * node:crypto's `X509Certificate` does not expose in a usable form (raw names, name
 * attributes, validity, basic constraints, key usage, extended key usage, key identifiers).
 * Anything malformed throws `DerError`.
 *
 * @example
 * const cert = readElement(der, 0);          // the outer SEQUENCE
 * const [tbs] = children(der, cert);         // tbsCertificate
 */

export class DerError extends Error {
  constructor(message: string) {
    super(`x509: malformed certificate: ${message}`);
    this.name = 'DerError';
  }
}

/** One TLV: `tag` is the identifier octet; content is `bytes[start, end)`; the whole element is `[offset, end)`. */
export interface DerElement {
  tag: number;
  offset: number;
  start: number;
  end: number;
}

export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  numericString: 0x12,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Read the element starting at `offset`, which must end at or before `limit`. */
export function readElement(bytes: Uint8Array, offset: number, limit = bytes.length): DerElement {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new DerError('unsupported length encoding');
    if (start + n > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[start + i]!;
    start += n;
  }
  const end = start + length;
  if (end > limit) throw new DerError('element runs past its container');
  return { tag, offset, start, end };
}

/** The elements inside a constructed element. */
export function children(bytes: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const el = readElement(bytes, at, parent.end);
    out.push(el);
    at = el.end;
  }
  return out;
}

export function expectTag(el: DerElement | undefined, tag: number, what: string): DerElement {
  if (!el || el.tag !== tag) throw new DerError(`expected ${what}`);
  return el;
}

export function content(bytes: Uint8Array, el: DerElement): Uint8Array {
  return bytes.subarray(el.start, el.end);
}

/** The whole encoding of an element (tag, length and content). */
export function encoding(bytes: Uint8Array, el: DerElement): Uint8Array {
  return bytes.subarray(el.offset, el.end);
}

/** Dotted-decimal form of an OBJECT IDENTIFIER. */
export function readOid(bytes: Uint8Array, el: DerElement): string {
  expectTag(el, Tag.oid, 'OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (let i = el.start; i < el.end; i++) {
    const b = bytes[i]!;
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier arc too large');
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    } else if (i === el.end - 1) {
      throw new DerError('truncated object identifier');
    }
  }
  if (parts.length === 0) throw new DerError('empty object identifier');
  return parts.join('.');
}

export function readBoolean(bytes: Uint8Array, el: DerElement): boolean {
  expectTag(el, Tag.boolean, 'BOOLEAN');
  if (el.end - el.start !== 1) throw new DerError('invalid BOOLEAN');
  return bytes[el.start] !== 0;
}

/** A small non-negative INTEGER (path lengths). */
export function readSmallInt(bytes: Uint8Array, el: DerElement): number {
  expectTag(el, Tag.integer, 'INTEGER');
  const len = el.end - el.start;
  if (len === 0 || len > 4 || (bytes[el.start]! & 0x80) !== 0) throw new DerError('invalid or negative INTEGER');
  let v = 0;
  for (let i = el.start; i < el.end; i++) v = v * 256 + bytes[i]!;
  return v;
}

/** The decimal form of an INTEGER of any size (serial numbers). */
export function readBigInt(bytes: Uint8Array, el: DerElement): bigint {
  expectTag(el, Tag.integer, 'INTEGER');
  if (el.end === el.start) throw new DerError('empty INTEGER');
  let v = 0n;
  for (let i = el.start; i < el.end; i++) v = v * 256n + BigInt(bytes[i]!);
  if (bytes[el.start]! & 0x80) v -= 1n << BigInt(8 * (el.end - el.start));
  return v;
}

/** The bytes of a BIT STRING (bit 0 is the most significant bit of the first byte). */
export function readBitString(bytes: Uint8Array, el: DerElement): Uint8Array {
  expectTag(el, Tag.bitString, 'BIT STRING');
  if (el.end === el.start) throw new DerError('empty BIT STRING');
  const unused = bytes[el.start]!;
  if (unused > 7) throw new DerError('invalid BIT STRING');
  return bytes.subarray(el.start + 1, el.end);
}

const printable = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;

/**
 * A directory string the way Go's x509 parser reads it: UTF8String, PrintableString,
 * IA5String, NumericString, T61String (bytes as Latin-1) and BMPString. Any other string type,
 * or invalid contents, makes the certificate unparseable (Go rejects it too).
 */
export function readDirectoryString(bytes: Uint8Array, el: DerElement): string {
  const raw = content(bytes, el);
  const ascii = () => {
    for (const b of raw) if (b > 0x7f) throw new DerError('invalid ASCII string');
    return Buffer.from(raw).toString('latin1');
  };
  switch (el.tag) {
    case Tag.utf8String: {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        throw new DerError('invalid UTF8String');
      }
    }
    case Tag.printableString: {
      const s = ascii();
      if (!printable.test(s)) throw new DerError('invalid PrintableString');
      return s;
    }
    case Tag.ia5String:
      return ascii();
    case Tag.numericString: {
      const s = ascii();
      if (!/^[0-9 ]*$/.test(s)) throw new DerError('invalid NumericString');
      return s;
    }
    case Tag.t61String:
      return Buffer.from(raw).toString('latin1');
    case Tag.bmpString: {
      if (raw.length % 2 !== 0) throw new DerError('invalid BMPString');
      let s = '';
      for (let i = 0; i < raw.length; i += 2) s += String.fromCharCode((raw[i]! << 8) | raw[i + 1]!);
      return s;
    }
    default:
      throw new DerError(`unsupported string type 0x${el.tag.toString(16)}`);
  }
}

/** UTCTime (YYMMDDHHMMSSZ, years 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ), as epoch ms. */
export function readTime(bytes: Uint8Array, el: DerElement): number {
  const s = Buffer.from(content(bytes, el)).toString('latin1');
  let m: RegExpExecArray | null;
  let year: number;
  if (el.tag === Tag.utcTime && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s))) {
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else if (el.tag === Tag.generalizedTime && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s))) {
    year = Number(m[1]);
  } else {
    throw new DerError('invalid time');
  }
  const [mon, day, h, min, sec] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const ms = Date.UTC(year, mon - 1, day, h, min, sec);
  const d = new Date(ms);
  if (d.getUTCMonth() !== mon - 1 || d.getUTCDate() !== day || h > 23 || min > 59 || sec > 59) {
    throw new DerError('invalid time');
  }
  // Date.UTC maps years 0-99 to 1900-1999; GeneralizedTime years are literal.
  if (year < 100) d.setUTCFullYear(year);
  return d.getTime();
}
