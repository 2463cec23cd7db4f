export {
  installPackages,
  INSTALL_MARKER,
  type InstallOptions,
  type InstallResult,
  type InstalledPackage,
} from './install.js';
export { LOCK_FILE, readLock, type Lock, type LockedEntry } from './lock.js';
export { hubUrl, DEFAULT_HUB_URL } from './hub.js';
export { readSpecFile, SPEC_FILES, type PackageSpec } from './spec.js';
