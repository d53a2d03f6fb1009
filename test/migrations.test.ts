import fs from 'node:fs';
import path from 'node:path';
import { diffSchemas, driftFromLiveSqlite, migrate, writeMigration } from '../server/db/migrator';
import { buildSchema } from '../server/db/schema-source';
import { PROVIDERS, schemaFile, snapshotFile } from '../server/db/providers';
import { createTestDatabase, testProvider, TMP_DIR } from './helpers/test-db';

describe('migrations', () => {
  it.each(PROVIDERS)('the committed %s migrations produce exactly the current models (no drift)', async (provider) => {
    const snapshot = fs.readFileSync(snapshotFile(provider), 'utf8');
    const pending = await diffSchemas(provider, snapshot, buildSchema(provider));
    expect(pending.replace(/--.*$/gm, '').trim()).toBe('');
  });

  it.each(PROVIDERS)('prisma/%s/schema.prisma is regenerated from models.prisma', (provider) => {
    expect(fs.readFileSync(schemaFile(provider), 'utf8')).toBe(buildSchema(provider));
  });

  it('the committed SQLite migrations, applied to an empty file, give exactly the models', async () => {
    const url = `file:${path.join(TMP_DIR, `drift-${process.pid}.db`)}`;
    expect((await migrate(url)).length).toBeGreaterThan(0);
    expect(await migrate(url)).toEqual([]);
    expect((await driftFromLiveSqlite(url)).replace(/--.*$/gm, '').trim()).toBe('');
  });

  it('writes no migration when nothing changed', async () => {
    expect(await writeMigration('nothing', PROVIDERS)).toEqual([]);
  });

  it(`a migrated ${testProvider()} database has every model's table`, async () => {
    const t = await createTestDatabase();
    try {
      const rows: { name: string }[] =
        t.provider === 'sqlite'
          ? await t.db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table'`)
          : await t.db.$queryRawUnsafe(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`);
      const names = rows.map((r) => r.name);
      const models = [...fs.readFileSync(schemaFile('sqlite'), 'utf8').matchAll(/^model (\w+) /gm)].map((m) => m[1]);
      expect(models.length).toBeGreaterThan(10);
      for (const model of models) expect(names).toContain(model);
      expect(names).toContain('_prisma_migrations');
    } finally {
      await t.destroy();
    }
  });
});
