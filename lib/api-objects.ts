/**
 * The classes of the objects the constructs create: the Kubernetes 1.27 bindings (lib/k8s.ts), cdk8s'
 * ApiObject for the custom resources (lib/custom-resources.ts) and the Argo CD bindings of imports/,
 * each rendered by plainRendering: a subclass of its binding, under its name, that renders the same
 * manifest in a fraction of the time.
 */
import { ApiObject as CdkApiObject } from 'cdk8s';
import { Application as ArgoApplication } from '../imports/argocd-application-argoproj.io';
import { AppProject as ArgoAppProject } from '../imports/argocd-appproject-argoproj.io';
import * as k8s from './k8s';
import { plainRendering } from './plain-rendering';

export const ApiObject = plainRendering(CdkApiObject);
export const Application = plainRendering(ArgoApplication);
export const AppProject = plainRendering(ArgoAppProject);

export const KubeConfigMap = plainRendering(k8s.KubeConfigMap);
export const KubeCronJob = plainRendering(k8s.KubeCronJob);
export const KubeDeployment = plainRendering(k8s.KubeDeployment);
export const KubeHorizontalPodAutoscalerV2 = plainRendering(k8s.KubeHorizontalPodAutoscalerV2);
export const KubeIngress = plainRendering(k8s.KubeIngress);
export const KubeJob = plainRendering(k8s.KubeJob);
export const KubeNamespace = plainRendering(k8s.KubeNamespace);
export const KubeNetworkPolicy = plainRendering(k8s.KubeNetworkPolicy);
export const KubePersistentVolumeClaim = plainRendering(k8s.KubePersistentVolumeClaim);
export const KubePodDisruptionBudget = plainRendering(k8s.KubePodDisruptionBudget);
export const KubeService = plainRendering(k8s.KubeService);
export const KubeServiceAccount = plainRendering(k8s.KubeServiceAccount);
export const KubeStatefulSet = plainRendering(k8s.KubeStatefulSet);
