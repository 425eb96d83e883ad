// The type → spec conversion moved to `@assay/property/typescript`. This re-export only keeps
// in-progress imports of `UnsupportedType` working; import it from there and delete this file.
export { UnsupportedType } from '@assay/property/typescript';
