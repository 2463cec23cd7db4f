import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import os from 'node:os';
import type { MachineInfo } from './results.js';
import { REPO_ROOT } from './proc.js';

export function machinePackageVersion(name: string): string | null {
  try {
    const require = createRequire(join(REPO_ROOT, 'package.json'));
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // keep looking upwards
      }
    }
  } catch {
    // not installed
  }
  return null;
}

export function machineInfo(postgres: string | null, psql: string | null): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    postgres,
    psql,
    pglite: machinePackageVersion('@electric-sql/pglite'),
    tsx: machinePackageVersion('tsx'),
  };
}
