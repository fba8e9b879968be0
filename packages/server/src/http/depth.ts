/**
 * A nesting-depth guard for request bodies, run before any parser sees them. Parsers (and the
 * recursive code after them: deep copies, patches, validation) would otherwise exhaust the stack
 * on hostile input such as ten thousand `[` — the `yaml` parser can even abort the process.
 * kube-apiserver's decoders stop at depth 10,000; ours stop earlier, far beyond any real object,
 * at a depth every later stage handles.
 */
import { errors } from '@apiserver-kit/core';

export const maxNestingDepth = 1000;
/**
 * YAML gets a lower limit: the `yaml` parser recurses deeply per level, and near the end of the
 * stack V8 aborts the whole process (RegExpCompiler allocation failure) instead of throwing —
 * measured at depth 1000, never at 700; 200 leaves a wide margin for the server's own frames.
 */
export const maxYamlNestingDepth = 200;

/**
 * Throws 400 when brackets nest deeper than `max`. For JSON, brackets inside strings do not
 * count. For YAML every bracket counts (quoting rules are too loose to trust here), and so does
 * block indentation beyond the depth of that many indentation steps.
 */
export function checkNestingDepth(
  text: string,
  format: 'json' | 'yaml',
  max = format === 'json' ? maxNestingDepth : maxYamlNestingDepth,
): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (format === 'json' && inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34 && format === 'json') inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > max) throw tooDeep(max);
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) {
      if (depth > 0) depth--;
    }
  }
  if (format === 'yaml') checkIndentation(text, max);
}

/** Block YAML nests by indentation: count the distinct indentation levels open at once. */
function checkIndentation(text: string, max: number): void {
  const open: number[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    let indent = 0;
    while (lineStart + indent < end && (text[lineStart + indent] === ' ' || text[lineStart + indent] === '-')) indent++;
    if (lineStart + indent < end && text[lineStart + indent] !== '#') {
      while (open.length > 0 && open[open.length - 1]! >= indent) open.pop();
      open.push(indent);
      if (open.length > max) throw tooDeep(max);
    }
    lineStart = end + 1;
  }
}

function tooDeep(max: number) {
  return errors.badRequest(`the request body nests too deeply: exceeded max depth of ${max}`);
}
