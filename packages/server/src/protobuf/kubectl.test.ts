import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isProtobufContentType } from './media.js';
import { decodeProtobufObject } from './object.js';
import { badRequestMessage } from './testdata/assert.js';
import { type CapturedBody, captureKubectl, dropNulls, hasKubectl, kubectlCases } from './testdata/capture.js';
import { expectedErrors, expectedObjects } from './testdata/expected.js';

const fixtures = JSON.parse(readFileSync(new URL('./testdata/kubectl-bodies.json', import.meta.url), 'utf8')) as { kubectl: string; cases: CapturedBody[] };

/** Every captured body is protobuf and decodes to what kubectl would have sent as JSON. */
function checkCaptured(captured: CapturedBody[]): void {
  expect(captured.map((c) => c.name)).toEqual(kubectlCases.map((c) => c.name));
  for (const c of captured) {
    expect(isProtobufContentType(c.contentType), c.name).toBe(true);
    const body = Buffer.from(c.body, 'base64');
    if (c.name in expectedErrors) {
      expect(badRequestMessage(() => decodeProtobufObject(body)), c.name).toBe(expectedErrors[c.name]);
      continue;
    }
    const expected = c.dryRun ? dropNulls(c.dryRun) : expectedObjects[c.name];
    expect(expected, `${c.name} has an expectation`).toBeDefined();
    const decoded = decodeProtobufObject(body);
    expect(decoded.object, c.name).toEqual(expected);
    expect([decoded.apiVersion, decoded.kind]).toEqual([decoded.object.apiVersion, decoded.object.kind]);
  }
}

describe(`request bodies captured from kubectl ${fixtures.kubectl} (testdata/kubectl-bodies.json)`, () => {
  it('decode to the JSON kubectl prints for --dry-run=client -o json, or the hand-written equivalent', () => {
    checkCaptured(fixtures.cases);
  });

  it('send the typed create verbs and auth reviews to the paths the lead must route', () => {
    const paths = Object.fromEntries(fixtures.cases.map((c) => [c.name, `${c.method} ${c.path.split('?')[0]}`]));
    expect(paths).toMatchObject({
      configmap: 'POST /api/v1/namespaces/team-a/configmaps',
      token: 'POST /api/v1/namespaces/default/serviceaccounts/sa/token',
      'can-i': 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      whoami: 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews',
    });
  });

  it('never fail with anything but a 400 when cut short at any byte', () => {
    const body = Buffer.from(fixtures.cases.find((c) => c.name === 'configmap')!.body, 'base64');
    let rejected = 0;
    for (let len = 0; len < body.length; len++) {
      try {
        decodeProtobufObject(body.subarray(0, len));
      } catch {
        badRequestMessage(() => decodeProtobufObject(body.subarray(0, len)));
        rejected++;
      }
    }
    // Only cuts on a field boundary of the envelope (after raw, before contentEncoding/contentType) can succeed.
    expect(rejected).toBeGreaterThan(body.length - 4);
  });
});

describe.skipIf(!hasKubectl)('request bodies from the installed kubectl, captured now', () => {
  it('decode to the same JSON', { timeout: 60_000 }, async () => {
    checkCaptured(await captureKubectl(kubectlCases));
  });
});
