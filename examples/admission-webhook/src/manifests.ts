/**
 * The webhook configurations in manifests/ are templates: `__PORT__` is the webhook server's
 * port and `__CA_BUNDLE__` the base64 of the PEM CA that signed its serving certificate.
 * `renderManifests` fills them in and concatenates both into one YAML stream for
 * `kubectl apply -f -` (each template opens its document with `---`, so `cat` works too).
 *
 * @example
 * const yaml = await renderManifests({ port: 8443, caPem: pki.ca.certPem });
 * // kubectl apply -f - <<< "$yaml"
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The manifests folder (the same from src/ and dist/). */
export const manifestsDir = fileURLToPath(new URL('../manifests/', import.meta.url));

/** The templates, in the order to apply them. */
export const manifestFiles = ['validating-webhook.yaml', 'mutating-webhook.yaml'] as const;

/** The webhook configurations' and webhooks' names, as kube-apiserver quotes them in errors. */
export const webhookNames = {
  validatingConfiguration: 'require-owner-label',
  validating: 'require-owner-label.example.com',
  mutatingConfiguration: 'default-annotation',
  mutating: 'default-annotation.example.com',
} as const;

export interface RenderOptions {
  port: number;
  /** The CA that signed the serving certificate, PEM (base64-encoded into caBundle). */
  caPem: string;
}

/** `template` with every placeholder filled in. */
export function renderManifest(template: string, options: RenderOptions): string {
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new RangeError(`invalid port ${options.port}: want 1-65535`);
  }
  if (!options.caPem.includes('-----BEGIN CERTIFICATE-----')) throw new TypeError('caPem is not a PEM certificate');
  const caBundle = Buffer.from(options.caPem).toString('base64');
  return template.replaceAll('__PORT__', String(options.port)).replaceAll('__CA_BUNDLE__', caBundle);
}

/** Both configurations, filled in, as one multi-document YAML stream. */
export async function renderManifests(options: RenderOptions): Promise<string> {
  const docs = await Promise.all(manifestFiles.map((f) => readFile(`${manifestsDir}${f}`, 'utf8')));
  return docs.map((doc) => renderManifest(doc.endsWith('\n') ? doc : `${doc}\n`, options)).join('');
}
