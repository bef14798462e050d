import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Application as ArgoApplication } from '../imports/argocd-application-argoproj.io';
import type { AppProject as ArgoAppProject } from '../imports/argocd-appproject-argoproj.io';
import { Application, AppProject } from './api-objects';
import { IN_CLUSTER, type RenderedKind } from './argocd-chart';
import type { GitOpsModel } from './model';

export interface RootChartProps {
  /** The stack's Argo CD settings (repository, Argo CD's namespace, the stack's project name). */
  readonly gitops: GitOpsModel;
  /** The compose project name, for names and labels. */
  readonly project: string;
  /** The folder of the repository the root Application syncs: the one that holds ArgoCdChart. */
  readonly path: string;
  /** The file of that folder the root itself is written to, which it does not sync. */
  readonly exclude: string;
  /** The branch that folder is read from: every environment's pin lives there. */
  readonly revision: string;
  /** The kinds that folder holds: the only ones the root's project admits. */
  readonly kinds: readonly RenderedKind[];
}

/**
 * The root of the app of apps, the one object applied by hand (`kubectl apply -f dist/argocd/root.k8s.yaml`):
 * an Application that syncs dist/argocd, so the stack's AppProject and Applications (and every pin of a
 * promotion) deploy through git, and an AppProject of its own that admits only that folder, Argo CD's
 * namespace and the kinds the folder's other file holds. It is written beside them but excludes its own
 * file from what it syncs, so it never manages (or prunes) itself; and it has no deletion finalizer, so
 * deleting it leaves the environments running.
 */
export class RootChart extends Chart {
  readonly project: ArgoAppProject;
  readonly application: ArgoApplication;

  constructor(scope: Construct, id: string, props: RootChartProps) {
    super(scope, id, { namespace: props.gitops.argocdNamespace, disableResourceNameHashes: true });
    const name = `${props.project}-root`;
    const labels = { 'app.kubernetes.io/part-of': props.project, 'app.kubernetes.io/managed-by': 'cdk8s' };

    this.project = new AppProject(this, 'project', {
      metadata: { name, labels },
      spec: {
        description: `The root of the ${props.project} stack: only ${props.path} of its repository, into Argo CD's namespace`,
        sourceRepos: [props.gitops.repoURL],
        destinations: [{ server: IN_CLUSTER, namespace: props.gitops.argocdNamespace }],
        clusterResourceWhitelist: props.kinds.filter((kind) => !kind.namespaced).map(({ group, kind }) => ({ group, kind })),
        namespaceResourceWhitelist: props.kinds.filter((kind) => kind.namespaced).map(({ group, kind }) => ({ group, kind })),
        orphanedResources: { warn: true },
      },
    });

    this.application = new Application(this, 'application', {
      metadata: { name, labels: { ...labels, 'app.kubernetes.io/instance': name } },
      spec: {
        project: name,
        source: { repoUrl: props.gitops.repoURL, targetRevision: props.revision, path: props.path, directory: { exclude: props.exclude } },
        destination: { server: IN_CLUSTER, namespace: props.gitops.argocdNamespace },
        syncPolicy: {
          // An Application removed from git is deleted with what it deployed: prune stays a person's call.
          automated: { enabled: true, prune: false, selfHeal: true },
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
  }
}
