import path from 'node:path';
import { ROOT_DIR } from '../paths';

/** The database providers Pulse supports, and where each keeps its schema, migrations and client. */
export type Provider = 'sqlite' | 'postgresql';
export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

export const PRISMA_DIR = path.join(ROOT_DIR, 'prisma');
export const MODELS_FILE = path.join(PRISMA_DIR, 'models.prisma');

export function providerDir(provider: Provider): string {
  return path.join(PRISMA_DIR, provider);
}
export function schemaFile(provider: Provider): string {
  return path.join(providerDir(provider), 'schema.prisma');
}
export function migrationsDir(provider: Provider): string {
  return path.join(providerDir(provider), 'migrations');
}
/** The schema as of the newest committed migration: the "from" side when writing the next one. */
export function snapshotFile(provider: Provider): string {
  return path.join(migrationsDir(provider), 'schema.snapshot.prisma');
}

/** The provider a database URL asks for. */
export function providerFromUrl(url: string): Provider {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  if (/^file:/i.test(url)) return 'sqlite';
  throw new Error(`unsupported database URL scheme in "${url.split(':')[0]}:"`);
}
