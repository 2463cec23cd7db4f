import { TsmodelError } from '../errors/index.js';

export interface DatabaseUrlParts {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  dbname?: string;
  sslmode?: string;
}

const HINT =
  'set DATABASE_URL to postgres://user:password@host:5432/dbname (add ?sslmode=require when needed), or unset it to use the profile';

/**
 * Parses DATABASE_URL (postgres:// or postgresql://). Only the parts present
 * are returned. Messages never repeat the URL, which may hold a password.
 */
export function parseDatabaseUrl(url: string): DatabaseUrlParts {
  // libpq allows an empty host (postgres:///db, postgres://user@/db?host=/socket); WHATWG URL does not.
  const text = url.trim();
  const emptyHost = /^postgres(ql)?:\/\/([^/@?#]*@)?\//i.test(text);
  let parsed: URL;
  try {
    parsed = new URL(
      emptyHost ? text.replace(/^(postgres(?:ql)?:\/\/(?:[^/@?#]*@)?)\//i, '$1placeholder.invalid/') : text,
    );
  } catch {
    throw new TsmodelError('config', 'DATABASE_URL is not a valid URL', { hint: HINT });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new TsmodelError(
      'config',
      `DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`,
      { hint: HINT },
    );
  }
  const parts: DatabaseUrlParts = {};
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new TsmodelError('config', 'DATABASE_URL holds a badly percent-encoded part', { hint: HINT });
    }
  };
  const host = parsed.searchParams.get('host') ?? (emptyHost ? '' : parsed.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (host) parts.host = decode(host);
  if (parsed.port) {
    const port = Number(parsed.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new TsmodelError('config', 'DATABASE_URL has an invalid port', { hint: HINT });
    }
    parts.port = port;
  }
  if (parsed.username) parts.user = decode(parsed.username);
  if (parsed.password) parts.password = decode(parsed.password);
  const dbname = parsed.pathname.replace(/^\//, '');
  if (dbname) parts.dbname = decode(dbname);
  const sslmode = parsed.searchParams.get('sslmode') ?? (parsed.searchParams.get('ssl') === 'true' ? 'require' : null);
  if (sslmode) parts.sslmode = sslmode;
  return parts;
}
