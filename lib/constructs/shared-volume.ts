import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { VolumeModel } from '../model';

export interface SharedVolumeProps {
  readonly volume: VolumeModel;
  /** Labels of the object. */
  readonly labels: Record<string, string>;
  /** Annotations of the claim (Argo CD's keep-the-claim options). @default none */
  readonly annotations?: Record<string, string>;
}

/**
 * A ReadWriteMany named volume (`backend-uploads`): one PersistentVolumeClaim that every replica of
 * every workload mounting it shares, as they would share the compose volume on one host.
 */
export class SharedVolume extends Construct {
  readonly claim: k8s.KubePersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: SharedVolumeProps) {
    super(scope, id);
    const { volume } = props;
    this.claim = new k8s.KubePersistentVolumeClaim(this, 'claim', {
      metadata: { name: volume.name, labels: props.labels, annotations: props.annotations },
      spec: {
        accessModes: [volume.accessMode],
        storageClassName: volume.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(volume.size) } },
      },
    });
  }
}
