/** Where the GCP rotator's source archive is (built by `scripts/build-hooks/gcp-rotation.js`). */
import { builtBundlePath } from '../bundles';

/** `dist/assets/gcp-rotation.zip` under the project root, rebuilt when stale. */
export function gcpRotatorBundlePath(): string {
  return builtBundlePath('gcp-rotation.js');
}
