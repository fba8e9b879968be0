/**
 * ConfigMap and Secret data rules: config keys (k8s.io/apimachinery util/validation
 * IsConfigMapKey), the 1 MiB size limit, and base64 values (Go's encoding of []byte fields).
 *
 * @example
 * isConfigMapKey('bad key'); // ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. ...)"]
 * base64Error('YWJj');       // undefined
 * decodedLength('YWJjZA=='); // 4
 */
import { z } from 'zod';
import { maxLenError, regexError, utf8Length } from '@apiserver-kit/core';

/** core.MaxSecretSize: the limit on the total bytes of a Secret's or ConfigMap's data. */
export const maxSecretSize = 1024 * 1024;

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const configMapKeyRe = new RegExp(`^${configMapKeyFmt}$`);

/** kube's IsConfigMapKey: the messages for an invalid ConfigMap or Secret key (empty when valid). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!configMapKeyRe.test(value)) errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const b64 = /^[A-Za-z0-9+/]$/;

/**
 * Why Go's base64.StdEncoding would reject `s` (`illegal base64 data at input byte N`), or
 * undefined when it decodes. A port of Go's decodeQuantum: CR and LF are skipped (offsets
 * here count without them), padding is required, nothing may follow the padding.
 */
export function base64Error(s: string): string | undefined {
  const src = s.replace(/[\r\n]/g, '');
  const bad = (i: number) => `illegal base64 data at input byte ${i}`;
  let si = 0;
  for (;;) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) return j === 0 ? undefined : bad(si - j);
      const c = src[si]!;
      si++;
      if (b64.test(c)) continue;
      if (c !== '=' || j < 2) return bad(si - 1);
      if (j === 2) {
        if (si === src.length) return bad(src.length);
        if (src[si] !== '=') return bad(si - 1);
        si++;
      }
      return si < src.length ? bad(si) : undefined;
    }
  }
}

/** A base64 string field (a Go []byte). */
export const base64Schema = z.string().superRefine((value, ctx) => {
  const err = base64Error(value);
  if (err) ctx.addIssue({ code: 'custom', message: err });
});

/** The number of bytes a valid base64 string decodes to. */
export function decodedLength(s: string): number {
  return Buffer.from(s.replace(/[\r\n]/g, ''), 'base64').length;
}

/** UTF-8 text as a base64 string. */
export function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The decoded bytes of a base64 string as UTF-8 text. */
export function decodeBase64(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8');
}
