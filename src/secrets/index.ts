export {
  MARKER,
  MIN_SECRET_LENGTH,
  forgetSecrets,
  isSecretEnvName,
  rememberEnvRead,
  rememberSecret,
  scrubLine,
  scrubText,
  scrubValue,
  secretsKnown,
  takeUnscrubbableSources,
} from './secrets.js';
