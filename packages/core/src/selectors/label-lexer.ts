/**
 * The label selector lexer, token for token as kube's (labels/selector.go Lexer): identifiers
 * run until whitespace or one of `=!(),<>`; operators are the longest known run of those
 * symbols; `in` and `notin` are keywords. A NUL character ends the input, as in Go.
 */
export type Tok = 'id' | 'eos' | 'error' | ')' | ',' | '!' | '==' | '=' | '>' | '<' | '!=' | 'in' | 'notin' | '(';

export interface Token {
  tok: Tok;
  lit: string;
}

const literalTokens: Record<string, Tok> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => c.length === 1 && '=!(),><'.includes(c);

class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  /** The next character, or '\0' past the end (a literal NUL reads the same). */
  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++]!;
    return '\0';
  }
  private unread(): void {
    this.pos--;
  }

  private identOrKeyword(): Token {
    let buf = '';
    for (;;) {
      const c = this.read();
      if (c === '\0') break;
      if (isSpecial(c) || isWhitespace(c)) {
        this.unread();
        break;
      }
      buf += c;
    }
    const kw = Object.prototype.hasOwnProperty.call(literalTokens, buf) ? literalTokens[buf] : undefined;
    return { tok: kw ?? 'id', lit: buf };
  }

  private special(): Token {
    let buf = '';
    let last: Token | undefined;
    for (;;) {
      const c = this.read();
      if (c === '\0') break;
      if (!isSpecial(c)) {
        this.unread();
        break;
      }
      buf += c;
      const t = Object.prototype.hasOwnProperty.call(literalTokens, buf) ? literalTokens[buf] : undefined;
      if (t) last = { tok: t, lit: buf };
      else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` };
  }

  lex(): Token {
    let c = this.read();
    while (isWhitespace(c)) c = this.read();
    if (c === '\0') return { tok: 'eos', lit: '' };
    this.unread();
    return isSpecial(c) ? this.special() : this.identOrKeyword();
  }
}

/** All tokens of `s`, ending with an end-of-string token. */
export function lexLabelSelector(s: string): Token[] {
  const lexer = new Lexer(s);
  const out: Token[] = [];
  for (;;) {
    const t = lexer.lex();
    out.push(t);
    if (t.tok === 'eos') return out;
  }
}
