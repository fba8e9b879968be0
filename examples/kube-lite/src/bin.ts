#!/usr/bin/env node
/**
 * kube-lite: `npx kube-lite --help`.
 */
import { FlagError, parseFlags, usage } from './flags.js';
import { startKubeLite } from './kube-lite.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseFlags(process.argv.slice(2));
  } catch (err) {
    if (err instanceof FlagError) {
      process.stderr.write(`Error: ${err.message}\n\n${usage}`);
      process.exit(2);
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(usage);
    return;
  }
  const kl = await startKubeLite(config);
  process.stdout.write(`kube-lite ready at ${kl.url} (kubeconfig: ${kl.kubeconfigPath})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`received ${signal}, shutting down\n`);
    kl.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`kube-lite failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
