import * as fs from 'fs';
import * as path from 'path';
import { ProblemCollector, type Problem } from '../errors';
import { dependencyCycle, referencedSecretKeys, type FileSecretModel, type MonitoringModel, type PodSecurityLevel, type ReverseProxyModel, type SecretModel, type ServiceModel, type StackModel, type VolumeModel } from '../model';
import { readComposeFile, type ComposeFileContent } from './compose-file';
import { resolveNetworkMembership } from './compose-networks';
import { namedLikeSecretWarning, parseDotenv, sortEnvVariables } from './dotenv';
import { interpolateTree, SecretReference } from './interpolate';
import { mergeComposeFiles } from './merge';
import { admitDepartures, lessStrict, POD_SECURITY_EXCEPTION_RULES } from './pod-security';
import { DNS_LABEL, FileReporter } from './report';
import { refuseUnlicensedEditions, toDatabase } from './database';
import { checkServiceNames, toExposures } from './exposure';
import { toJobs } from './jobs';
import { toNetworkPaths } from './network-paths';
import { withReferences } from './references';
import { policyNamed } from '../policies/exceptions';
import { FileMounts } from './file-mounts';
import { withKubernetesNamesInEnvironment, withKubernetesNamesInStack } from './names';
import { toServiceModel } from './service';
import { StackFolder } from './stack-files';
import { DEFAULT_ENV_FILE, DEFAULT_VOLUME_SIZE, isNamedLikeSecret, readEnvironmentSettings, readStackSettings, volumeAccessMode, type EnvironmentSettings, type StackSettings } from './settings';
import { YamlFile } from './yaml-file';

export interface LoadResult {
  readonly models: readonly StackModel[];
  /** Accepted input that has no Kubernetes meaning (ignored compose keys), to show the user. */
  readonly warnings: readonly Problem[];
}

/**
 * Loads every environment listed in environments/stack.yaml (or only `only`), from files under
 * `projectRoot`. Pure: reads files, imports nothing of cdk8s, and throws one ConfigError carrying
 * every problem it found in every environment.
 */
export function loadStacks(projectRoot: string, only?: readonly string[]): LoadResult {
  const problems = new ProblemCollector();
  // A stack.yaml that cannot be read ends the load there, and so does a problem in what locates the
  // other files (every file would then be reported missing). Problems in other fields do not: the
  // environments are still loaded, so one run reports the problems of every file.
  // Settings may name a service or volume as compose spells it (`my_app`) or as Kubernetes does.
  const stack = withKubernetesNamesInStack(readStackSettings(projectRoot, problems));
  const locating = ['environments', 'composeDirectory', 'envFile'];
  if (problems.some((problem) => problem.file === stack.report.path && locating.some((field) => problem.field === field || problem.field?.startsWith(`${field}.`)))) {
    problems.throwIfAny();
  }
  for (const name of only ?? []) {
    if (!stack.environments.includes(name)) {
      stack.report.error(['environments'], `unknown environment "${name}"; known: ${stack.environments.join(', ')}`);
    }
  }
  // Environments share their base compose file: parse each file once.
  const files = new Map<string, YamlFile>();
  const models: StackModel[] = [];
  const admitting = new Set<number>();
  const loading = (only ?? stack.environments).filter((candidate) => stack.environments.includes(candidate));
  for (const name of loading) {
    const settings = readEnvironmentSettings(projectRoot, name, stack, problems);
    const environment = settings && withKubernetesNamesInEnvironment(settings);
    const model = environment && loadEnvironment(projectRoot, stack, environment, problems, files, admitting);
    if (model) models.push(model);
  }
  // Whether an exception admits anything is known only once every environment it covers has loaded.
  if (!problems.some(() => true)) refuseIdleExceptions(stack, loading, admitting);
  problems.throwIfAny();
  return { models, warnings: problems.warnings };
}

/**
 * Loads one environment. Returns undefined when one of its files could not be read or is not shaped
 * like a compose file: that problem is reported, and checks across the files would only repeat it in
 * other words (every service, volume and route would look missing).
 */
function loadEnvironment(
  projectRoot: string,
  stack: StackSettings,
  environment: EnvironmentSettings,
  problems: ProblemCollector,
  files: Map<string, YamlFile>,
  admitting: Set<number>,
): StackModel | undefined {
  // The stack folder: where compose resolves the first file's relative paths, and where its .env is.
  const stackFolder = path.posix.dirname(path.posix.join(stack.composeDirectory, environment.composeFiles[0]));
  const envFile = readEnvFile(projectRoot, stackFolder, stack, problems);
  if (!envFile) return undefined;
  const { variables, namedLikeSecrets } = envFile;
  for (const [key, value] of environment.variables) variables.set(key, value);
  const context = { variables, secretKeys: new Set([...stack.secret.keys, ...namedLikeSecrets]) };

  const composeFiles = environment.composeFiles.map((relative) => {
    const file = YamlFile.read(projectRoot, path.join(stack.composeDirectory, relative), problems, files);
    if (!file.readable) return undefined;
    const report = new FileReporter(file, problems);
    const interpolated = interpolateTree(file.data, context, (keys, message) => report.errorAtDocumentPath(keys, message));
    reportMisplacedSecrets(interpolated, report);
    return readComposeFile(interpolated, report);
  });
  if (!composeFiles.every((content): content is ComposeFileContent => content !== undefined)) return undefined;
  const compose = mergeComposeFiles(composeFiles);
  const composePath = `${stack.composeDirectory}/${environment.composeFiles[0] ?? ''}`;

  const project = compose.name ?? projectNameOf(stackFolder, composePath, problems);
  const secretName = stack.secret.name ?? `${project}-secrets`;
  for (const key of namedLikeSecrets) {
    problems.warn({
      file: envFile.path,
      field: key,
      message: namedLikeSecretWarning(secretName),
    });
  }
  const volumeNames = compose.volumes;
  // Compose resolves the relative paths of every file against the directory of the first one.
  const fileMounts = new FileMounts({
    project,
    folder: new StackFolder(projectRoot, stackFolder),
    stackEnvFile: path.posix.normalize(envFile.path),
    bindMounts: stack.bindMounts,
    secretKeys: new Set(stack.secret.keys),
    namedLikeSecret: (variable, value) => isNamedLikeSecret(variable, stack.secret, value),
    secretName,
    variables,
    compose,
    problems,
  });
  // A service with profiles runs only where the environment enables one of them, as `docker compose --profile`.
  const running: ComposeFileContent = {
    ...compose,
    services: new Map([...compose.services].filter(([, fragment]) => !fragment.profiles || fragment.profiles.some((profile) => environment.profiles.includes(profile)))),
  };
  const composed: ServiceModel[] = [...running.services].map(([name, fragment]) =>
    toServiceModel(name, fragment, { stack, environment, volumeNames, secretName, files: fileMounts }),
  );
  const { database, services: databaseServices } = toDatabase(stack, environment, composed, variables, volumeNames);
  const serviceReport = (name: string) => compose.services.get(name)!.report;
  const membership = resolveNetworkMembership({ networks: compose.networks, services: running.services });
  const exposures = toExposures({ settings: environment.exposure, report: environment.report, services: databaseServices, membership, reportOf: serviceReport, reverseProxy: stack.reverseProxy !== undefined });
  // Only services that gain something are copied: the model of a stack without exposure, aliases or
  // network labels (networkPaths: dependencies) stays as built.
  const services = databaseServices.map((service) => {
    const exposure = exposures.get(service.name);
    const aliases = membership.aliasesOf.get(service.name);
    const networks = stack.networkPaths === 'compose' ? membership.networksOf.get(service.name) : undefined;
    return exposure || aliases || networks ? { ...service, exposure, aliases, networks } : service;
  });
  checkServiceNames(services, serviceReport);
  refuseUnlicensedEditions(stack, environment, database, services, variables, (service) => compose.services.get(service)!.report);
  checkDependencies(services, running, compose, environment);
  checkPublishedPorts(running);
  let enforcedPodSecurity: PodSecurityLevel = 'restricted';
  for (const service of services) {
    const context = { environment: environment.name, exceptions: stack.securityExceptions, settingsFile: stack.report.path };
    const { level, used } = admitDepartures(service.name, service.security, context, compose.services.get(service.name)!.report);
    enforcedPodSecurity = lessStrict(enforcedPodSecurity, level);
    used.forEach((index) => admitting.add(index));
  }
  if (stack.gitops && project && DNS_LABEL.test(environment.namespace) && !environment.namespace.startsWith(`${project}-`)) {
    environment.report.error(['namespace'], `must start with "${project}-": the Argo CD project deploys only to ${project}-* namespaces`);
  }
  for (const name of environment.images.keys()) {
    if (!compose.services.has(name)) environment.report.error(['images', name], `there is no compose service "${name}"`);
  }
  for (const [key, names] of [['podSecurity', stack.podSecurity.keys()], ['shutdown', stack.shutdown.keys()]] as const) {
    for (const name of names) if (!compose.services.has(name)) stack.report.error([key, name], `there is no compose service "${name}"`);
  }
  for (const [tier, { services: names }] of stack.priorityTiers) {
    names.forEach((name, index) => {
      if (!compose.services.has(name)) stack.report.error(['priorityTiers', tier, 'services', index], `there is no compose service "${name}"`);
    });
  }
  checkSecurityExceptions(stack, compose);
  for (const name of environment.autoscaling.keys()) {
    if (!compose.services.has(name)) environment.report.error(['autoscaling', name], `there is no compose service "${name}"`);
  }
  for (const name of environment.blueGreen.keys()) {
    const service = services.find((candidate) => candidate.name === name);
    if (!service) {
      environment.report.error(['blueGreen', name], `there is no compose service "${name}"`);
    } else if (service.mounts.some((mount) => mount.kind === 'volume' && volumeAccessMode(stack, mount.volume) === 'ReadWriteOnce')) {
      environment.report.error(['blueGreen', name], `"${name}" owns a ReadWriteOnce volume: two colours cannot share it, so it cannot run blue/green`);
    }
  }

  // The Secret's keys: declared, named like a credential (the .env, compose values), and the env files' secret variables.
  const secret: SecretModel = { name: secretName, keys: [...new Set([...secretKeysOf(stack, namedLikeSecrets, services), ...fileMounts.secretKeys])], source: environment.secrets };
  const fileSecrets = withStoreEntries(fileMounts.fileSecrets, secret, services, environment);
  checkSecretSource(secret, services, environment, fileSecrets);
  if (environment.certificateIssuer && !stack.reverseProxy) {
    environment.report.error(['tls'], 'there is no reverse proxy (reverseProxy in stack.yaml) to serve the certificate');
  }

  const reverseProxy = toReverseProxy(stack, environment, services, variables);
  const monitoring = toMonitoring(stack, services, variables);
  const jobs = toJobs(stack.jobs, services, stack.report);
  const volumes = toVolumes(volumeNames, compose.externalVolumes, stack, environment);
  const variablesConfigMap = `${project}-env`;
  return {
    project,
    environment: { name: environment.name, namespace: environment.namespace, kubernetesVersion: environment.kubernetesVersion, production: environment.production, enforcedPodSecurity },
    services: withReferences(services, { variablesConfigMap, secretName: secret.name, secretKeys: secret.keys, tlsSecret: stack.reverseProxy?.tlsSecret, volumes }),
    volumes,
    variables: [...variables].filter(([key]) => !secret.keys.includes(key)),
    variablesConfigMap,
    secret,
    reverseProxy,
    monitoring,
    jobs,
    securityExceptions: stack.securityExceptions,
    acknowledgements: environment.acknowledgements,
    gitops: stack.gitops && environment.gitops ? { ...stack.gitops, ...environment.gitops } : undefined,
    database,
    networkPaths: toNetworkPaths({ mode: stack.networkPaths, services, membership, reverseProxy, jobs, database, monitoring }),
    configMaps: fileMounts.configMaps,
    fileSecrets,
  };
}

/**
 * Where the environment's secrets come from a store, each compose secret the pods mount comes from it
 * too: its entry is `secrets.remoteRefs.<compose name>`, and an ExternalSecret creates its Secret.
 */
function withStoreEntries(fileSecrets: readonly FileSecretModel[], secret: SecretModel, services: readonly ServiceModel[], environment: EnvironmentSettings): FileSecretModel[] {
  const { source } = secret;
  if (source.mode !== 'externalSecret') return [...fileSecrets];
  return fileSecrets.map((fileSecret) => {
    if (secret.keys.includes(fileSecret.key)) {
      environment.report.error(['secrets', 'remoteRefs', fileSecret.key], `${fileSecret.key} is both a key of ${secret.name} and a compose secret: rename the compose secret`);
    }
    const remoteRef = source.remoteRefs.get(fileSecret.key);
    if (!remoteRef) {
      const readers = services.filter((service) => service.mounts.some((mount) => mount.kind === 'secret' && mount.secret === fileSecret.name)).map((service) => service.name);
      environment.report.error(['secrets', 'remoteRefs'], `${fileSecret.key} needs its store entry ({ key, property }): the compose secret ${fileSecret.key} is mounted by ${readers.join(', ')} from ${fileSecret.name}`);
    }
    return { ...fileSecret, remoteRef };
  });
}

/**
 * A secret store must hold every key the pods read, and only those: a missing one would leave the pods
 * without it (the ExternalSecret never becomes ready), an extra one is a stale entry nobody reads.
 */
function checkSecretSource(secret: SecretModel, services: readonly ServiceModel[], environment: EnvironmentSettings, fileSecrets: readonly FileSecretModel[]): void {
  if (secret.source.mode !== 'externalSecret') return;
  const referenced = referencedSecretKeys(services, secret);
  for (const key of referenced) {
    if (!secret.source.remoteRefs.has(key)) {
      const readers = services.filter((service) => service.readsEnvFile || service.environment.some((variable) => 'secretKey' in variable && variable.secretKey === key));
      environment.report.error(['secrets', 'remoteRefs'], `${key} needs its store entry ({ key, property }): ${readers.map((service) => service.name).join(', ')} read it from ${secret.name}`);
    }
  }
  for (const key of secret.source.remoteRefs.keys()) {
    if (!referenced.includes(key) && !fileSecrets.some((fileSecret) => fileSecret.key === key)) environment.report.error(['secrets', 'remoteRefs', key], `no pod reads ${key} from ${secret.name}: remove it`);
  }
}

/**
 * What Prometheus scrapes: each listed service's port by name. A service whose metrics are switched off
 * by its variable (`enabledBy`, the seed's ENABLE_METRICS) would be a target that is always down.
 */
function toMonitoring(stack: StackSettings, services: readonly ServiceModel[], variables: ReadonlyMap<string, string>): MonitoringModel | undefined {
  const settings = stack.monitoring;
  if (!settings) return undefined;
  const scrapes = settings.scrape.map((scrape, index) => {
    const problem = (field: string, message: string) => stack.report.error(['monitoring', 'scrape', index, field], message);
    const service = services.find((candidate) => candidate.name === scrape.service);
    const port = service?.ports.find((candidate) => candidate.name === scrape.port);
    if (!service) problem('service', `there is no compose service "${scrape.service}"`);
    else if (!port) problem('port', `service "${scrape.service}" has no port named "${scrape.port}"; its ports: ${service.ports.map((candidate) => candidate.name).join(', ')}`);
    if (scrape.enabledBy !== undefined && variables.get(scrape.enabledBy)?.toLowerCase() !== 'true') {
      problem('enabledBy', `${scrape.enabledBy} is "${variables.get(scrape.enabledBy) ?? ''}": set it to true, or remove the scrape, or Prometheus scrapes a port that does not answer`);
    }
    return { service: scrape.service, port: { name: scrape.port, containerPort: port?.containerPort ?? 0 }, path: scrape.path, interval: scrape.interval };
  });
  return { namespace: settings.namespace, labels: settings.labels, scrapes, runbookUrl: settings.runbookUrl };
}

/** Every exception names a rule of the policy suite, and services and environments that exist. */
function checkSecurityExceptions(stack: StackSettings, compose: ComposeFileContent): void {
  stack.securityExceptions.forEach((exception, index) => {
    const keys = ['securityExceptions', index];
    const policy = policyNamed(exception.rule);
    if (exception.rule && !policy) stack.report.error([...keys, 'rule'], `"${exception.rule}" is not a rule of the policy suite (lib/policies)`);
    if (policy?.follows.some((check) => check.tool === 'pss')) {
      if (!POD_SECURITY_EXCEPTION_RULES.includes(exception.rule)) {
        // Pod Security admission has no per-object exemption, and no compose setting needs this one.
        stack.report.error([...keys, 'rule'], `"${exception.rule}" follows the restricted Pod Security Standard, which every namespace enforces: an exception cannot admit the pod; fix the workload`);
      } else if (!exception.services || exception.objects) {
        // Admission judges a pod by its namespace's level: the exception must say whose pods lower it.
        stack.report.error([...keys, 'services'], `"${exception.rule}" follows the Pod Security Standards, which admit a pod by its namespace's level: name the services (service: or services:) whose compose user, privileged or cap_add need it, and no objects`);
      }
    }
    for (const service of exception.services ?? []) {
      if (!compose.services.has(service)) stack.report.error([...keys, 'services'], `there is no compose service "${service}"`);
    }
    for (const environment of exception.environments ?? []) {
      if (!stack.environments.includes(environment)) stack.report.error([...keys, 'environments'], `"${environment}" is not one of the environments (${stack.environments.join(', ')})`);
    }
  });
}

/**
 * An exception to a Pod Security rule that admits no service's compose setting in any environment it
 * covers only hides the rule from the policy suite: refused. Checked only when every environment it
 * covers was loaded (a synth of one environment cannot tell).
 */
function refuseIdleExceptions(stack: StackSettings, loaded: readonly string[], admitting: ReadonlySet<number>): void {
  stack.securityExceptions.forEach((exception, index) => {
    // Only exceptions to Pod Security rules lower a level; checkSecurityExceptions loaded their policies already.
    if (!exception.services || admitting.has(index) || !policyNamed(exception.rule)?.follows.some((check) => check.tool === 'pss')) return;
    if (!POD_SECURITY_EXCEPTION_RULES.includes(exception.rule)) return;
    if (!(exception.environments ?? stack.environments).every((environment) => loaded.includes(environment))) return;
    stack.report.error(['securityExceptions', index, 'rule'], `"${exception.rule}" admits nothing: no compose setting of ${exception.services.join(', ')} needs it (user: root, privileged: true, cap_add beyond NET_BIND_SERVICE); remove it`);
  });
}

/**
 * The variables of the stack folder's interpolation file (`envFile`, default `.env`), and those of them
 * named like a credential, which become keys of the Secret (their values here are never rendered). Undefined, once reported, when a file stack.yaml names cannot be read; the default file may
 * be absent (no variables).
 */
function readEnvFile(
  projectRoot: string,
  stackFolder: string,
  stack: StackSettings,
  problems: ProblemCollector,
): { path: string; variables: Map<string, string>; namedLikeSecrets: string[] } | undefined {
  const displayPath = path.posix.join(stackFolder, stack.envFile ?? DEFAULT_ENV_FILE);
  let text: string;
  try {
    text = fs.readFileSync(path.join(projectRoot, displayPath), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && stack.envFile === undefined) return { path: displayPath, variables: new Map(), namedLikeSecrets: [] };
    if (code === 'ENOENT' || code === 'ENOTDIR') stack.report.error(['envFile'], `there is no file "${stack.envFile}" in ${stackFolder}/`);
    else problems.add({ file: displayPath, message: `cannot be read (${code})` });
    return undefined;
  }
  const variables = parseDotenv(text, displayPath, problems);
  const { namedLikeSecrets } = sortEnvVariables(
    variables,
    displayPath,
    { isDeclaredSecret: (key) => stack.secret.keys.includes(key), isNamedLikeSecret: (key, value) => isNamedLikeSecret(key, stack.secret, value) },
    problems,
  );
  return { path: displayPath, variables, namedLikeSecrets };
}

/**
 * The Secret's keys: those stack.yaml declares, the interpolation file's variables named like a
 * credential, and each service variable that became a secret by its name (service.ts), in that order.
 */
function secretKeysOf(stack: StackSettings, namedLikeSecrets: readonly string[], services: readonly ServiceModel[]): string[] {
  const keys = new Set([...stack.secret.keys, ...namedLikeSecrets]);
  for (const service of services) for (const variable of service.environment) if ('secretKey' in variable) keys.add(variable.secretKey);
  return [...keys];
}

/**
 * The project's name when the compose file has no `name:`: its folder's, as compose derives it, made a
 * DNS label (lower case, runs of other characters as one "-").
 */
function projectNameOf(stackFolder: string, composePath: string, problems: ProblemCollector): string {
  const name = path.posix
    .basename(path.posix.resolve('/', stackFolder))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  if (!DNS_LABEL.test(name)) {
    problems.add({ file: composePath, field: 'name', message: `the stack folder "${stackFolder}" gives no project name: set the top-level name: (a DNS label)` });
  }
  return name;
}

/** A secret can only be a whole `environment:` value; anywhere else its value would be rendered. */
function reportMisplacedSecrets(node: unknown, report: FileReporter, keys: Array<string | number> = []): void {
  if (node instanceof SecretReference) {
    const inEnvironment = keys.length === 4 && keys[0] === 'services' && keys[2] === 'environment';
    if (!inEnvironment) report.errorAtDocumentPath(keys, `secret ${node.key} can only be used as a whole environment value`);
    return;
  }
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) reportMisplacedSecrets(value, report, [...keys, Array.isArray(node) ? Number(key) : key]);
  }
}

function checkDependencies(services: readonly ServiceModel[], compose: ComposeFileContent, all: ComposeFileContent, environment: EnvironmentSettings): void {
  for (const service of services) {
    const report = compose.services.get(service.name)!.report;
    for (const dependency of service.dependsOn) {
      const target = services.find((candidate) => candidate.name === dependency.service);
      const profiles = all.services.get(dependency.service)?.profiles;
      if (!target && profiles) {
        report.error(['depends_on', dependency.service], `depends on "${dependency.service}", which runs only with profile ${profiles.join(' or ')}: enable one in ${environment.report.path} (profiles:)`);
      } else if (!target) {
        report.error(['depends_on', dependency.service], `depends on "${dependency.service}", which is not a service`);
      } else if (dependency.condition === 'service_healthy' && (!target.healthcheck || target.ports.length === 0)) {
        report.error(['depends_on', dependency.service, 'condition'], `"${dependency.service}" needs a healthcheck and a port to be waited for as service_healthy`);
      } else if (dependency.condition === 'service_completed_successfully') {
        report.error(['depends_on', dependency.service, 'condition'], 'service_completed_successfully is not supported: long-running services never complete');
      }
    }
  }
  const cycle = dependencyCycle(services);
  if (cycle) {
    compose.services.get(cycle[0])!.report.error(['depends_on', cycle[1]], `depends_on forms a cycle: ${cycle.join(' -> ')}; nothing could start first`);
  }
}

/** Compose refuses two services publishing the same host port; so do we, naming both. */
function checkPublishedPorts(compose: ComposeFileContent): void {
  const owners = new Map<string, string>();
  for (const [name, fragment] of compose.services) {
    for (const port of fragment.ports) {
      if (port.published === undefined) continue;
      const key = `${port.published}/${port.protocol}`;
      const owner = owners.get(key);
      if (owner && owner !== name) {
        fragment.report.error(['ports'], `publishes port ${port.published}, which service "${owner}" already publishes`);
      }
      owners.set(key, name);
    }
  }
}

/** The volumes the stack's claims are made for: every named volume but the external ones, which exist already. */
function toVolumes(names: readonly string[], external: ReadonlyMap<string, string>, stack: StackSettings, environment: EnvironmentSettings): VolumeModel[] {
  for (const name of environment.storage.keys()) {
    if (!names.includes(name)) environment.report.error(['storage', name], `there is no compose volume "${name}"`);
    else if (external.has(name)) environment.report.error(['storage', name], `volume "${name}" is external: it mounts the existing claim "${external.get(name)}", which is not sized here`);
  }
  return names.filter((name) => !external.has(name)).map((name) => {
    const storage = environment.storage.get(name) ?? { size: DEFAULT_VOLUME_SIZE, storageClass: undefined };
    if (!environment.storage.has(name)) {
      environment.report.warn(['storage', name, 'size'], `not set: the claims of volume "${name}" ask for ${DEFAULT_VOLUME_SIZE} of the cluster's default storage class; size it here (a claim can grow later, never shrink)`);
    }
    if (volumeAccessMode(stack, name) === 'ReadWriteMany' && storage.storageClass === undefined) {
      // Cluster default classes (block disks) rarely support ReadWriteMany: the claim would never bind.
      environment.report.error(['storage', name, 'storageClass'], `volume "${name}" is shared (ReadWriteMany): name a storage class that supports it (Azure Files, EFS, Filestore, NFS…)`);
    }
    return {
      name,
      accessMode: volumeAccessMode(stack, name),
      size: storage.size,
      storageClass: storage.storageClass,
      replicable: stack.replicableVolumes.has(name),
    };
  });
}

function toReverseProxy(
  stack: StackSettings,
  environment: EnvironmentSettings,
  services: readonly ServiceModel[],
  variables: ReadonlyMap<string, string>,
): ReverseProxyModel | undefined {
  const settings = stack.reverseProxy;
  if (!settings) return undefined;
  const problem = (field: string, message: string) => stack.report.error(['reverseProxy', ...field.split('.')], message);
  const proxy = services.find((service) => service.name === settings.service);
  if (!proxy) problem('service', `there is no compose service "${settings.service}"`);
  const portNamed = (name: string) => {
    const port = proxy?.ports.find((candidate) => candidate.name === name)?.containerPort;
    if (proxy && port === undefined) problem('service', `service "${settings.service}" needs a port named "${name}" (container port 80 or 443 are named so)`);
    return port ?? 0;
  };
  const mountOf = (kind: 'reverse-proxy-config' | 'tls-secret') => {
    const mount = proxy?.mounts.find((candidate) => candidate.kind === kind);
    if (proxy && !mount) problem('service', `service "${settings.service}" needs a bind mount treated as ${kind} (bindMounts)`);
    return mount?.path ?? '';
  };
  const maxBody = variables.get(settings.maxBodySizeVariable);
  if (maxBody === undefined || !/^[1-9]\d*$/.test(maxBody)) {
    problem('maxBodySizeVariable', `${settings.maxBodySizeVariable} must be set to a number of bytes (found "${maxBody ?? ''}")`);
  }
  const routes = settings.routes.map((route, index) => {
    const target = services.find((service) => service.name === route.service);
    if (!target || target.ports.length === 0) problem(`routes.${index}.service`, `"${route.service}" is not a service with a port`);
    return { path: route.path, service: route.service, port: target?.ports[0]?.servicePort ?? 0 };
  });
  return {
    service: settings.service,
    host: environment.host,
    tlsSecret: settings.tlsSecret,
    certificate: environment.certificateIssuer ? { issuer: environment.certificateIssuer } : undefined,
    maxUploadBytes: Number(maxBody),
    httpPort: portNamed('http'),
    httpsPort: portNamed('https'),
    configPath: mountOf('reverse-proxy-config'),
    tlsPath: mountOf('tls-secret'),
    routes,
  };
}
