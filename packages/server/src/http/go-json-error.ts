/**
 * Go's encoding/json syntax error for a document JSON.parse rejected, so decode errors read as
 * kube-apiserver's do (`invalid character 'b' looking for beginning of object key string`,
 * `unexpected end of JSON input`). Runs only on the failure path.
 */

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

type Frame = 'object-key' | 'object-value' | 'array';

/** The message Go's decoder gives for `text`, or null when Go would accept it. */
export function goJsonSyntaxError(text: string): string | null {
  const stack: Frame[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (context: string) => (i >= text.length ? 'unexpected end of JSON input' : `invalid character ${quoteChar(text[i]!)} ${context}`);
  const afterValue = (): string | null => {
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (!top) return i < text.length ? fail('after top-level value') : null;
      const c = text[i];
      if (top === 'object-key') {
        if (c !== ':') return fail('after object key');
        i++;
        stack[stack.length - 1] = 'object-value';
        return value();
      }
      if (c === ',') {
        i++;
        if (top === 'object-value') {
          stack[stack.length - 1] = 'object-key';
          ws();
          if (text[i] !== '"') return fail('looking for beginning of object key string');
          const err = string();
          if (err) return err;
          continue;
        }
        return value();
      }
      if ((top === 'object-value' && c === '}') || (top === 'array' && c === ']')) {
        i++;
        stack.pop();
        continue;
      }
      return fail(top === 'array' ? 'after array element' : 'after object key:value pair');
    }
  };
  const string = (): string | null => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return null;
      }
      if (c === '\\') {
        i++;
        if (i >= text.length) return fail('');
        if ('"\\/bfnrt'.includes(text[i]!)) i++;
        else if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) return fail('in \\u hexadecimal character escape');
        } else return fail('in string escape code');
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return fail('in string literal');
      i++;
    }
    return fail('');
  };
  const literal = (word: string): string | null => {
    for (let k = 0; k < word.length; k++, i++) {
      if (text[i] !== word[k]) return fail(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    return null;
  };
  const number = (): string | null => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (/[1-9]/.test(text[i] ?? '')) while (/[0-9]/.test(text[i] ?? '')) i++;
    else return fail('in numeric literal');
    if (text[i] === '.') {
      i++;
      if (!/[0-9]/.test(text[i] ?? '')) return fail('after decimal point in numeric literal');
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!/[0-9]/.test(text[i] ?? '')) return fail('in exponent of numeric literal');
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
    return null;
  };
  function value(): string | null {
    ws();
    const c = text[i];
    let err: string | null;
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return afterValue();
      }
      if (text[i] !== '"') return fail('looking for beginning of object key string');
      stack.push('object-key');
      err = string();
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return afterValue();
      }
      stack.push('array');
      return value();
    } else if (c === '"') err = string();
    else if (c === 't') err = literal('true');
    else if (c === 'f') err = literal('false');
    else if (c === 'n') err = literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) err = number();
    else return fail('looking for beginning of value');
    return err ?? afterValue();
  }
  return value();
}

/** kube's summary of a body in decode errors: text for objects, hex otherwise, 30 bytes at most. */
export function summarizeData(data: string): string {
  if (data.length === 0) return '<empty>';
  const bytes = Buffer.from(data, 'utf8');
  const cut = bytes.length > 30;
  const head = bytes.subarray(0, 30);
  const shown = data.startsWith('{') ? head.toString('utf8') : head.toString('hex');
  return cut ? `${shown} ...` : shown;
}
