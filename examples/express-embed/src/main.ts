/**
 * Run the example: `node dist/main.js [flags]` (see config.ts for flags and environment).
 *
 * @example
 * // node examples/express-embed/dist/main.js --pki-dir .express-embed/pki --token-auth-file tokens.csv
 * // listening on https://127.0.0.1:8080
 */
import { createApp } from './app.js';
import { ConfigError, loadConfig, parseConfig } from './config.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  const { app: appOptions, serve, pkiFiles } = await loadConfig(parseConfig(process.argv.slice(2), process.env));
  const app = createApp({
    ...appOptions,
    onWarning: (message) => console.warn(`warning: ${message}`),
    onError: (err, req) => console.error(`${req.method} ${req.originalUrl}:`, err instanceof Error ? (err.cause ?? err.message) : err),
  });
  const running = await startServer(app, serve);
  console.log(`listening on ${running.url}`);
  if (pkiFiles) {
    console.log(`client certificate: curl --cacert ${pkiFiles.ca} --cert ${pkiFiles.adminCert} --key ${pkiFiles.adminKey} ${running.url}/api/me`);
  }
  const stop = () => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `error: ${err.message}` : err);
  process.exitCode = err instanceof ConfigError ? 2 : 1;
});
