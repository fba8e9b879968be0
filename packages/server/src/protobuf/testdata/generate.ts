/**
 * Regenerates kubectl-bodies.json: runs every case in `capture.ts` against the installed
 * kubectl and writes the captured request bodies (base64) and dry-run JSON.
 *
 * @example
 * npx vite-node packages/server/src/protobuf/testdata/generate.ts
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { captureKubectl, kubectlCases, kubectlPath } from './capture.js';

const version = execFileSync(kubectlPath, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
const captured = await captureKubectl(kubectlCases);
const doc = { kubectl: (JSON.parse(version) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion, cases: captured };
const target = new URL('./kubectl-bodies.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`wrote ${captured.length} cases to ${target.pathname}`);
