/**
 * Run the webhook server: `node dist/main.js [flags]` (flags in config.ts).
 *
 * @example
 * // node examples/admission-webhook/dist/main.js --pki-dir .webhook-pki --port 8443
 * // admission webhook listening on https://127.0.0.1:8443 (POST /validate, POST /mutate)
 * // caBundle: LS0tLS1CRUdJTi...
 * // node examples/admission-webhook/dist/main.js --pki-dir .webhook-pki --port 8443 --print-manifests | kubectl apply -f -
 */
import { ConfigError, loadConfig, parseConfig } from './config.js';
import { renderManifests } from './manifests.js';
import { startWebhookServer, webhookPaths } from './server.js';

async function main(): Promise<void> {
  const config = parseConfig(process.argv.slice(2));
  const { certPem, keyPem, caPem } = await loadConfig(config);
  if (config.printManifests) {
    process.stdout.write(await renderManifests({ port: config.port, caPem: caPem! }));
    return;
  }
  const running = await startWebhookServer({
    port: config.port,
    host: config.host,
    certPem,
    keyPem,
    onError: (err) => console.error('plugin failure:', err),
  });
  console.log(`admission webhook listening on ${running.url} (POST ${webhookPaths.validate}, POST ${webhookPaths.mutate})`);
  if (caPem) console.log(`caBundle: ${Buffer.from(caPem).toString('base64')}`);
  const stop = () => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Flag mistakes and system errors (a port in use, a missing file) read as one line; bugs keep their stack. */
function describe(err: unknown): unknown {
  const system = err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
  return err instanceof ConfigError || system ? `error: ${(err as Error).message}` : err;
}

main().catch((err: unknown) => {
  console.error(describe(err));
  process.exitCode = err instanceof ConfigError ? 2 : 1;
});
