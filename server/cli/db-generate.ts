/**
 * Writes prisma/<provider>/schema.prisma from prisma/models.prisma and generates a Prisma client for each
 * provider. Runs offline: Prisma's CLI only needs PRISMA_SCHEMA_ENGINE_BINARY to point at an existing file
 * to skip its engine download, and `generate` never runs that engine.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { PROVIDERS, schemaFile } from '../db/providers';
import { buildSchema } from '../db/schema-source';

for (const provider of PROVIDERS) {
  const file = schemaFile(provider);
  const text = buildSchema(provider);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', file], {
    stdio: process.argv.includes('--quiet') ? 'ignore' : 'inherit',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
