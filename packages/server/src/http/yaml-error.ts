/**
 * YAML syntax errors worded as go-yaml (which kube-apiserver uses) words them:
 * `yaml: line 1: mapping values are not allowed in this context`.
 */
import type { YAMLError } from 'yaml';

/** The `yaml` library's messages with a go-yaml equivalent. */
const goYamlWording: Array<[RegExp, string]> = [
  [/^Nested mappings are not allowed in compact mappings/, 'mapping values are not allowed in this context'],
  [/^Implicit map keys need to be followed by map values/, 'could not find expected \':\''],
  [/^Missing closing "quote/, 'found unexpected end of stream'],
  [/^Missing closing 'quote/, 'found unexpected end of stream'],
  [/^Tabs are not allowed as indentation/, 'found character that cannot start any token'],
];

/** `yaml: line N: message`, as go-yaml reports a syntax error. */
export function goYamlError(problem: Pick<YAMLError, 'message' | 'linePos'>): string {
  const line = problem.linePos?.[0]?.line;
  const first = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const text = goYamlWording.find(([re]) => re.test(first))?.[1] ?? first;
  return `yaml: ${line ? `line ${line}: ` : ''}${text}`;
}
