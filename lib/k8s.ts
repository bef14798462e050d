/**
 * The Kubernetes 1.27 L1 bindings that cdk8s-plus-27 generates and exports as `k8s`, taken from their
 * own module rather than the package's index: the app uses no cdk8s-plus construct, and the index loads
 * all of them (a third of a synth's library loading, see the README's benchmark). Type checking guards
 * the path: were a cdk8s-plus-27 release to move the module, `tsc` would fail.
 */
import k8s = require('cdk8s-plus-27/lib/imports/k8s');
// `export =` hands the module over as it is; `export *` would copy its 1,500 exports on every synth.
export = k8s;
