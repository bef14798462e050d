import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Application as ArgoApplication } from '../imports/argocd-application-argoproj.io';
import type { AppProject as ArgoAppProject } from '../imports/argocd-appproject-argoproj.io';
import { Application, AppProject } from './api-objects';
import { syncWave } from './constructs/argocd-annotations';
import { RELOADED_FROM_ANNOTATION } from './constructs/reload-annotations';
import type { GitOpsModel, StackModel } from './model';

/** A kind of object the environments render, e.g. `{ group: 'apps', kind: 'Deployment' }` (core: group ''). */
export interface RenderedKind {
  readonly group: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export interface ArgoCdChartProps {
  /** Every environment; each one with `gitops` gets an Application. */
  readonly stacks: readonly StackModel[];
  /** The kinds the environments render: the only ones the AppProject lets its Applications manage. */
  readonly kinds: readonly RenderedKind[];
}

/** The in-cluster API server, where Argo CD deploys when it runs in the same cluster. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** The AppProject's sync wave, before the Applications' (the default, 0). */
const PROJECT_WAVE = -1;

/** A JSON path (jq) to an annotation, as Argo CD's ignoreDifferences reads it. */
const RELOADED_FROM_PATH = `.spec.template.metadata.annotations.${JSON.stringify(RELOADED_FROM_ANNOTATION)}`;

/**
 * Argo CD's view of the stack, in dist/argocd, which the root Application (root-chart.ts) syncs: an
 * AppProject that confines the stack to this repository, its own namespaces and the kinds it renders,
 * and one Application per environment that syncs `dist/<environment>` into the environment's namespace.
 * No CRD is rendered: Argo CD's CRDs come with Argo CD (they are too large for client-side apply anyway).
 */
export class ArgoCdChart extends Chart {
  readonly project: ArgoAppProject;
  readonly applications = new Map<string, ArgoApplication>();

  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    const delivered = props.stacks.filter((stack): stack is StackModel & { gitops: GitOpsModel } => stack.gitops !== undefined);
    if (delivered.length === 0) throw new Error('no environment has gitops settings');
    const gitops = delivered[0].gitops;
    super(scope, id, { namespace: gitops.argocdNamespace, disableResourceNameHashes: true });
    const project = delivered[0].project;
    const labels = { 'app.kubernetes.io/part-of': project, 'app.kubernetes.io/managed-by': 'cdk8s' };

    this.project = new AppProject(this, 'project', {
      // A wave before the Applications: Argo CD applies one wave's objects together, and an Application
      // created before its project is invalid ("references project … which does not exist") until a refresh.
      metadata: { name: gitops.project, labels, annotations: syncWave(PROJECT_WAVE) },
      spec: {
        description: `The ${project} stack: only its repository, its namespaces and the kinds it renders`,
        sourceRepos: [gitops.repoURL],
        // The loader holds every environment's namespace to this pattern.
        destinations: [{ server: IN_CLUSTER, namespace: `${project}-*` }],
        clusterResourceWhitelist: props.kinds.filter((kind) => !kind.namespaced).map(({ group, kind }) => ({ group, kind })),
        namespaceResourceWhitelist: props.kinds.filter((kind) => kind.namespaced).map(({ group, kind }) => ({ group, kind })),
        // Objects in these namespaces that git does not describe show up as warnings in the UI.
        orphanedResources: { warn: true },
      },
    });

    for (const stack of delivered) {
      const name = `${project}-${stack.environment.name}`;
      this.applications.set(
        stack.environment.name,
        new Application(this, `application-${stack.environment.name}`, {
          metadata: {
            name,
            labels: { ...labels, 'app.kubernetes.io/instance': name },
            // Deleting the Application deletes what it deployed, except the claims (Delete=false on them).
            finalizers: ['resources-finalizer.argocd.argoproj.io'],
          },
          spec: {
            project: stack.gitops.project,
            source: { repoUrl: stack.gitops.repoURL, targetRevision: stack.gitops.targetRevision, path: `dist/${stack.environment.name}` },
            destination: { server: IN_CLUSTER, namespace: stack.environment.namespace },
            // Reloader restarts a workload by stamping its pod template (reload-annotations.ts); that stamp
            // is not in git, and self-heal must not undo the restart it triggers.
            ignoreDifferences: ['Deployment', 'StatefulSet'].map((kind) => ({ group: 'apps', kind, jqPathExpressions: [RELOADED_FROM_PATH] })),
            syncPolicy: {
              automated: stack.gitops.automated ? { enabled: true, prune: stack.gitops.prune, selfHeal: stack.gitops.selfHeal } : undefined,
              // Prune only after every other object synced and became healthy; leave the ignored stamp alone.
              syncOptions: ['PruneLast=true', 'RespectIgnoreDifferences=true'],
              retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
            },
          },
        }),
      );
    }
  }
}
