import { KubeConfigMap } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';

export interface EnvironmentConfigProps {
  /** The ConfigMap's name, which the services that load it name (the model's `variablesConfigMap`). */
  readonly name: string;
  /** Non-secret variables, in `.env` order. */
  readonly variables: ReadonlyArray<readonly [string, string]>;
  readonly labels: Record<string, string>;
}

/**
 * The `.env` file as a ConfigMap: every non-secret variable, which services with `env_file: .env`
 * receive through `envFrom`. Secrets are never part of it.
 */
export class EnvironmentConfig extends Construct {
  readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: EnvironmentConfigProps) {
    super(scope, id);
    this.configMap = new KubeConfigMap(this, 'configmap', {
      metadata: { name: props.name, labels: props.labels },
      data: Object.fromEntries(props.variables),
    });
  }
}
