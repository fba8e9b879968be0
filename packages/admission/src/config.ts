/**
 * `--admission-control-config-file`: kube's AdmissionConfiguration (YAML or JSON), which hands
 * each plugin its configuration, inline (`configuration`) or in a file of its own (`path`,
 * relative to the configuration file). Accepted versions are the ones kube-apiserver decodes:
 * `apiserver.config.k8s.io/v1` and the older `apiserver.k8s.io/v1alpha1`.
 *
 * @example
 * // admission.yaml
 * // apiVersion: apiserver.config.k8s.io/v1
 * // kind: AdmissionConfiguration
 * // plugins:
 * // - name: ResourceQuota
 * //   path: quota.yaml
 * // - name: ValidatingAdmissionWebhook
 * //   configuration: { apiVersion: apiserver.config.k8s.io/v1, kind: WebhookAdmissionConfiguration, kubeConfigFile: /etc/wh.kubeconfig }
 * const { configs } = await readAdmissionConfiguration('admission.yaml');
 * registry.build({ configs }); // ResourceQuota's factory gets quota.yaml's content, parsed
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AdmissionConfigError } from './registry.js';

/** The apiVersions kube-apiserver accepts for kind AdmissionConfiguration. */
export const admissionConfigurationVersions = ['apiserver.config.k8s.io/v1', 'apiserver.k8s.io/v1alpha1'] as const;

const pluginEntrySchema = z.object({
  name: z.string().min(1),
  path: z.string().optional(),
  configuration: z.unknown().optional(),
});

const admissionConfigurationSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  plugins: z.array(pluginEntrySchema).nullable().optional(),
});

export interface AdmissionPluginConfiguration {
  name: string;
  /** Absolute path of the plugin's own configuration file, when it has one. */
  path?: string;
  configuration?: unknown;
}

export interface LoadedAdmissionConfiguration {
  plugins: AdmissionPluginConfiguration[];
  /** Each plugin's configuration (inline, else its file parsed as YAML/JSON), for `registry.build`. */
  configs: Map<string, unknown>;
}

function parseYaml(text: string, source: string): unknown {
  try {
    return parse(text);
  } catch (err) {
    throw new AdmissionConfigError([`unable to parse ${source}: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

/**
 * Parse an AdmissionConfiguration's text. Relative plugin paths resolve against `baseDir`
 * (the configuration file's folder; the working directory by default).
 */
export async function parseAdmissionConfiguration(text: string, baseDir = process.cwd()): Promise<LoadedAdmissionConfiguration> {
  const raw = parseYaml(text, 'admission configuration');
  const parsed = admissionConfigurationSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`);
    throw new AdmissionConfigError(issues.map((m) => `invalid admission configuration: ${m}`));
  }
  const { apiVersion, kind } = parsed.data;
  if (kind !== 'AdmissionConfiguration' || !(admissionConfigurationVersions as readonly string[]).includes(apiVersion)) {
    throw new AdmissionConfigError([
      `no kind "${kind}" is registered for version "${apiVersion}": want kind AdmissionConfiguration of ${admissionConfigurationVersions.join(' or ')}`,
    ]);
  }
  const plugins: AdmissionPluginConfiguration[] = [];
  const configs = new Map<string, unknown>();
  for (const entry of parsed.data.plugins ?? []) {
    const plugin: AdmissionPluginConfiguration = { name: entry.name };
    if (entry.path) plugin.path = isAbsolute(entry.path) ? entry.path : resolve(baseDir, entry.path);
    if (entry.configuration !== undefined && entry.configuration !== null) plugin.configuration = entry.configuration;
    plugins.push(plugin);
    // As kube's ConfigFor: the first entry of a name wins; inline configuration before path.
    if (configs.has(plugin.name)) continue;
    if (plugin.configuration !== undefined) configs.set(plugin.name, plugin.configuration);
    else if (plugin.path) configs.set(plugin.name, await readPluginConfig(plugin.name, plugin.path));
  }
  return { plugins, configs };
}

async function readPluginConfig(name: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AdmissionConfigError([
      `couldn't open admission plugin configuration ${path} of plugin "${name}": ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
  return parseYaml(text, `configuration of admission plugin "${name}" (${path})`);
}

/** Read `--admission-control-config-file`. */
export async function readAdmissionConfiguration(file: string): Promise<LoadedAdmissionConfiguration> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AdmissionConfigError([
      `unable to read admission control configuration from "${file}" [${err instanceof Error ? err.message : String(err)}]`,
    ]);
  }
  return parseAdmissionConfiguration(text, dirname(resolve(file)));
}
