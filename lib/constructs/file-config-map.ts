import { KubeConfigMap } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { ConfigMapModel } from '../model';

export interface FileConfigMapProps {
  /** Name and contents, as the loader read them from the stack folder. */
  readonly configMap: ConfigMapModel;
  /** Labels of the ConfigMap. */
  readonly labels: Record<string, string>;
}

/**
 * Files of the stack folder as one ConfigMap: a bind-mounted configuration file or directory
 * (`./nginx.conf`, `./prometheus/`), a compose `config`, or the variables of an `env_file`. The pods
 * that mount or read it name it; this construct only renders what the loader read.
 */
export class FileConfigMap extends Construct {
  readonly kubeConfigMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: FileConfigMapProps) {
    super(scope, id);
    const { configMap } = props;
    this.kubeConfigMap = new KubeConfigMap(this, 'configmap', {
      metadata: { name: configMap.name, labels: props.labels },
      data: { ...configMap.data },
      binaryData: configMap.binaryData && Object.keys(configMap.binaryData).length > 0 ? { ...configMap.binaryData } : undefined,
    });
  }
}
