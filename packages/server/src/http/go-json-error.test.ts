import { describe, expect, it } from 'vitest';
import { goJsonSyntaxError, summarizeData } from './go-json-error.js';

describe('goJsonSyntaxError', () => {
  it.each([
    ['{bad', "invalid character 'b' looking for beginning of object key string"],
    ['{"apiVersion":"v1"', 'unexpected end of JSON input'],
    ['', 'unexpected end of JSON input'],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', 'invalid character \'"\' after object key:value pair'],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a":,}', "invalid character ',' looking for beginning of value"],
  ])('%j -> %s', (text, message) => {
    expect(goJsonSyntaxError(text)).toBe(message);
  });

  it('accepts what Go accepts', () => {
    expect(goJsonSyntaxError('{"a":[1,-2.5e3,true,false,null,{"b":"\\u00e9"}]}')).toBeNull();
  });

  it('summarizes bodies as kube does', () => {
    expect(summarizeData('')).toBe('<empty>');
    expect(summarizeData('{bad')).toBe('{bad');
    expect(summarizeData('[]')).toBe('5b5d');
    expect(summarizeData(`{${'x'.repeat(40)}`)).toBe(`{${'x'.repeat(29)} ...`);
  });
});
