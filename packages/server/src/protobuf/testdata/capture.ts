/**
 * Capturing what the real kubectl sends. A throwaway node:http server on 127.0.0.1:0 answers
 * discovery for the few resources the cases need, records every other request's body and
 * answers it with a 500 Status; kubectl runs against it with a private HOME (no cache, no
 * kubeconfig). Cases marked `dryRun` are run a second time with `--dry-run=client -o json`,
 * which prints the very object kubectl would have sent, as JSON.
 *
 * @example
 * const captured = await captureKubectl(kubectlCases);
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const kubectlPath = '/usr/bin/kubectl';
export const hasKubectl = existsSync(kubectlPath);

export interface KubectlCase {
  name: string;
  /** kubectl arguments; `{dir}` is replaced by a directory holding `bin.dat` and `hello.txt`. */
  args: string[];
  dryRun?: boolean;
}

export interface CapturedBody {
  name: string;
  args: string[];
  method: string;
  path: string;
  contentType: string;
  /** The request body, base64. */
  body: string;
  /** `--dry-run=client -o json` output, for cases that support it. */
  dryRun?: Record<string, unknown>;
}

/** Input files for `--from-file`: one binary (not UTF-8), one text. */
export const inputFiles = { 'bin.dat': Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), 'hello.txt': Buffer.from('hello\n') };

export const kubectlCases: KubectlCase[] = [
  {
    name: 'configmap',
    args: ['create', 'configmap', 'x', '--from-literal=a=1', '--from-literal=b=two', '--from-file=bin={dir}/bin.dat', '--from-file={dir}/hello.txt', '-n', 'team-a'],
    dryRun: true,
  },
  { name: 'secret-generic', args: ['create', 'secret', 'generic', 's', '--from-literal=k=v', '--from-file=bin={dir}/bin.dat', '--type=Opaque'], dryRun: true },
  {
    name: 'secret-docker-registry',
    args: ['create', 'secret', 'docker-registry', 'd', '--docker-username=u', '--docker-password=p', '--docker-email=u@example.com'],
    dryRun: true,
  },
  { name: 'serviceaccount', args: ['create', 'serviceaccount', 'sa'], dryRun: true },
  { name: 'namespace', args: ['create', 'namespace', 'ns'], dryRun: true },
  {
    name: 'token',
    args: ['create', 'token', 'sa', '--audience=a', '--audience=b', '--duration=1h', '--bound-object-kind=Secret', '--bound-object-name=s', '--bound-object-uid=7e5a2c1e-0000-4000-8000-000000000001'],
  },
  { name: 'can-i', args: ['auth', 'can-i', 'create', 'pods', '--subresource=log', '-n', 'foo'] },
  { name: 'can-i-nonresource', args: ['auth', 'can-i', 'get', '/logs'] },
  { name: 'can-i-list', args: ['auth', 'can-i', '--list', '-n', 'foo'] },
  { name: 'whoami', args: ['auth', 'whoami'] },
  { name: 'deployment', args: ['create', 'deployment', 'd', '--image=nginx'] },
];

function resource(name: string, kind: string, namespaced: boolean, verbs: string[]): Record<string, unknown> {
  return { name, singularName: '', namespaced, kind, verbs };
}

const crud = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function group(name: string): Record<string, unknown> {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

/** Legacy (unaggregated) discovery: enough for kubectl to map `pods` and the review kinds. */
const discovery: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [group('authorization.k8s.io'), group('authentication.k8s.io')] },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('pods', 'Pod', true, crud), resource('configmaps', 'ConfigMap', true, crud)] },
  '/apis/authorization.k8s.io/v1': {
    kind: 'APIResourceList',
    groupVersion: 'authorization.k8s.io/v1',
    resources: [resource('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create']), resource('selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, ['create'])],
  },
  '/apis/authentication.k8s.io/v1': {
    kind: 'APIResourceList',
    groupVersion: 'authentication.k8s.io/v1',
    resources: [resource('selfsubjectreviews', 'SelfSubjectReview', false, ['create'])],
  },
};

interface Recorded {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

function run(args: string[], home: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(kubectlPath, args, { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: '/dev/null' }, timeout: 30_000 }, (_err, stdout) => resolve(stdout));
  });
}

export async function captureKubectl(cases: KubectlCase[]): Promise<CapturedBody[]> {
  const recorded: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const doc = discovery[path.split('?')[0]!];
      if (req.method === 'GET' && doc) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(doc));
        return;
      }
      recorded.push({ method: req.method ?? '', path, contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'captured', reason: 'InternalError', code: 500 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const home = await mkdtemp(join(tmpdir(), 'kubectl-protobuf-'));
  try {
    for (const [file, bytes] of Object.entries(inputFiles)) await writeFile(join(home, file), bytes);
    const base = ['--server', `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
    const out: CapturedBody[] = [];
    for (const c of cases) {
      const args = c.args.map((a) => a.replaceAll('{dir}', home));
      recorded.length = 0;
      await run([...base, ...args], home);
      const sent = recorded.find((r) => r.method !== 'GET');
      if (!sent) throw new Error(`kubectl ${c.args.join(' ')} sent no body`);
      const captured: CapturedBody = { name: c.name, args: c.args, method: sent.method, path: sent.path, contentType: sent.contentType, body: sent.body.toString('base64') };
      if (c.dryRun) captured.dryRun = JSON.parse(await run([...base, ...args, '--dry-run=client', '-o', 'json'], home)) as Record<string, unknown>;
      out.push(captured);
    }
    return out;
  } finally {
    server.close();
    await rm(home, { recursive: true, force: true });
  }
}

/** The JSON a Go client sends, minus the `null`s (zero Times, nil slices) a decoder omits. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
}
