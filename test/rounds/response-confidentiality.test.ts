import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

async function columnsOf(table: string): Promise<string[]> {
  const rows: { name: string }[] =
    database.provider === 'sqlite'
      ? await database.db.$queryRawUnsafe(`SELECT name FROM pragma_table_info('${table}')`)
      : await database.db.$queryRawUnsafe(
          `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          table,
        );
  return rows.map((r) => r.name).sort();
}

const LEADS_TO_A_PERSON = /employee|invitation|person|user|email|name|token|createdat|updatedat|time|answeredat|submitted|ip|agent/i;

describe('what the database can tell about who answered', () => {
  it('a response holds its round, team and department, no time, and nothing that leads to a person', async () => {
    const columns = await columnsOf('Response');
    expect(columns).toEqual(['departmentId', 'id', 'roundId', 'teamId']);
    expect(columns.filter((c) => LEADS_TO_A_PERSON.test(c))).toEqual([]);
  });

  it('an answer holds its response, question and value only', async () => {
    const columns = await columnsOf('Answer');
    expect(columns).toEqual(['choices', 'comment', 'questionId', 'responseId', 'value']);
    expect(columns.filter((c) => LEADS_TO_A_PERSON.test(c))).toEqual([]);
  });

  it('an invitation knows whether it was answered, never when, with which response, or how often it was reminded', async () => {
    const columns = await columnsOf('Invitation');
    expect(columns).toContain('answered');
    expect(columns.filter((c) => /answeredat|responseid|reminder|time|createdat|updatedat/i.test(c))).toEqual([]);
  });

  it('a sealed response holds its round and an opaque value only', async () => {
    expect(await columnsOf('SealedResponse')).toEqual(['id', 'roundId', 'sealed']);
  });
});
