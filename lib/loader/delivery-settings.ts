import { splitShellWords } from './shell-words';
import { checkKnownKeys, DNS_LABEL, readMapping, readString, type FileReporter } from './report';

/** `gitops:` in stack.yaml: where Argo CD runs and where it reads the rendered manifests from. */
export interface GitOpsStackSettings {
  readonly repoURL: string;
  /** Namespace Argo CD runs in, where its Applications and AppProjects live. */
  readonly argocdNamespace: string;
  /** Name of the AppProject that confines the stack's Applications. */
  readonly project: string;
  /** The branch the root Application reads dist/argocd from, and that unpinned environments follow. @default main */
  readonly branch: string;
}

/** `gitops:` in <environment>.yaml: what Argo CD syncs and how. */
export interface GitOpsEnvironmentSettings {
  readonly targetRevision: string;
  /** Sync automatically when git changes. */
  readonly automated: boolean;
  /** Delete live objects that left git (PVCs are protected regardless). */
  readonly prune: boolean;
  /** Undo changes made to live objects outside git. */
  readonly selfHeal: boolean;
}

/** One entry of `jobs:` in stack.yaml. */
export interface JobSettings {
  readonly name: string;
  /** The compose service whose image, environment, secrets and dependencies the Job uses. */
  readonly service: string;
  readonly command: readonly string[];
  /** Services the Job connects to: it waits for them, and may reach only them. @default the service's `service_healthy` dependencies */
  readonly waitsFor?: readonly string[];
}

const GIT_URL = /^(https:\/\/|ssh:\/\/|git@)\S+$/;
/** A full commit id: what `npm run promote` pins an environment to. */
export const COMMIT_ID = /^[0-9a-f]{40}$/;
/** A branch or tag name as git allows it (roughly: no spaces, no `..`, no leading `-`). */
const REF_NAME = /^(?!-)(?!.*\.\.)[A-Za-z0-9._\/-]+$/;

export function readGitOpsStack(report: FileReporter, value: unknown): GitOpsStackSettings | undefined {
  if (value === undefined) return undefined;
  const data = readMapping(report, ['gitops'], value);
  checkKnownKeys(report, ['gitops'], data, ['repoURL', 'argocdNamespace', 'project', 'branch']);
  const repoURL = readString(report, data, 'repoURL', ['gitops']);
  if (repoURL && !GIT_URL.test(repoURL)) report.error(['gitops', 'repoURL'], `"${repoURL}" is not a git repository URL (https://, ssh:// or git@)`);
  const names = { argocdNamespace: readString(report, data, 'argocdNamespace', ['gitops']), project: readString(report, data, 'project', ['gitops']) };
  for (const [key, name] of Object.entries(names)) {
    if (name && !DNS_LABEL.test(name)) report.error(['gitops', key], `"${name}" is not a valid Kubernetes name (a DNS label)`);
  }
  const branch = data.branch === undefined ? 'main' : String(data.branch);
  if (typeof data.branch !== 'string' && data.branch !== undefined) report.error(['gitops', 'branch'], 'must be a branch name');
  else if (!REF_NAME.test(branch) || COMMIT_ID.test(branch)) report.error(['gitops', 'branch'], `"${branch}" is not a branch name`);
  return { repoURL, ...names, branch };
}

export function readGitOpsEnvironment(report: FileReporter, value: unknown): GitOpsEnvironmentSettings | undefined {
  if (value === undefined) return undefined;
  const data = readMapping(report, ['gitops'], value);
  checkKnownKeys(report, ['gitops'], data, ['targetRevision', 'automated', 'prune', 'selfHeal']);
  const flag = (key: string): boolean => {
    if (typeof data[key] === 'boolean') return data[key] as boolean;
    report.error(['gitops', key], 'must be true or false');
    return false;
  };
  const settings = {
    targetRevision: readString(report, data, 'targetRevision', ['gitops']),
    automated: flag('automated'),
    prune: flag('prune'),
    selfHeal: flag('selfHeal'),
  };
  const revision = settings.targetRevision;
  if (revision && /^[0-9a-f]{7,39}$/.test(revision)) {
    report.error(['gitops', 'targetRevision'], `"${revision}" looks like an abbreviated commit: pin the full 40-character commit id (npm run promote writes it)`);
  } else if (revision && !COMMIT_ID.test(revision) && !REF_NAME.test(revision)) {
    report.error(['gitops', 'targetRevision'], `"${revision}" is neither a branch nor a full commit id`);
  }
  if (!settings.automated && (settings.prune || settings.selfHeal)) {
    report.error(['gitops', 'automated'], 'prune and selfHeal only act on automated syncs: set automated: true or turn them off');
  }
  return settings;
}

export function readJobs(report: FileReporter, value: unknown): JobSettings[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(['jobs'], 'must be a list of jobs');
    return [];
  }
  const names = new Set<string>();
  return value.map((entry, index) => {
    const data = readMapping(report, ['jobs', index], entry);
    checkKnownKeys(report, ['jobs', index], data, ['name', 'service', 'command', 'waitsFor']);
    const name = readString(report, data, 'name', ['jobs', index]);
    if (name && !DNS_LABEL.test(name)) report.error(['jobs', index, 'name'], `"${name}" is not a valid Kubernetes name (a DNS label)`);
    if (names.has(name)) report.error(['jobs', index, 'name'], `two jobs are named "${name}"`);
    names.add(name);
    const command = typeof data.command === 'string' ? splitShellWords(data.command) : Array.isArray(data.command) ? data.command.map(String) : undefined;
    if (!command || command.length === 0) report.error(['jobs', index, 'command'], 'must be a command string or a list of words');
    let waitsFor: string[] | undefined;
    if (data.waitsFor !== undefined) {
      if (Array.isArray(data.waitsFor) && data.waitsFor.every((item) => typeof item === 'string')) waitsFor = data.waitsFor as string[];
      else report.error(['jobs', index, 'waitsFor'], 'must be a list of service names');
    }
    return { name, service: readString(report, data, 'service', ['jobs', index]), command: command ?? [], waitsFor };
  });
}
