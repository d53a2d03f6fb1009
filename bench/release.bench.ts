/**
 * Benchmark 7 (release): what closing a round of 10,000 answers costs now that answers are sealed until the round
 * closes. A round of 10,000 people with the benchmark's 10 questions (a comment among them), every one answered
 * (sealed exactly as the answer page seals), 10,000 invitation and 5,000 reminder emails sent. Measured on SQLite and
 * PostgreSQL: (a) the release (releaseRound: open 10,000 sealed answers, shuffle, write 10,000 responses and
 * ~95,000 answers, delete the sealed rows, in transactions of RELEASE_BATCH responses) against a baseline that writes the same rows, already
 * in clear, through the raw driver in one transaction; (b) the trace reduction (clearRoundTraces: rewrite the 10,000
 * invitations, fold and delete the 15,000 emails). The SQLite figures are what the single writer is held for.
 */
import crypto from 'node:crypto';
import type { Provider } from '../server/db/providers';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openDatabase } from '../server/db/client';
import { Keyring } from '../server/secrets';
import { systemClock } from '../server/clock';
import type { AppContext } from '../server/context';
import { mailboxTransport } from '../server/domain/email/transport';
import { sealResponse } from '../server/domain/rounds/answer.service';
import { sealedLength } from '../server/domain/rounds/sealed-answers';
import type { ParsedAnswer } from '../server/domain/rounds/answer.schema';
import { clearRoundTraces, releaseRound, RELEASE_BATCH } from '../server/domain/rounds/release.service';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql, type RawSql, type Row } from './lib/raw-sql';
import { seedOrg, seedRound, seedSurvey } from './lib/seed';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const PEOPLE = 10_000;
const ms = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;

/** One person's answers to the benchmark's 10 questions (the multiple choice skipped by every other person). */
function answersOf(questions: { id: string; kind: string }[], i: number): ParsedAnswer[] {
  return questions.flatMap((q): ParsedAnswer[] => {
    if (q.kind === 'enps') return [{ questionId: q.id, value: 1 + (i % 10), choices: null, comment: null }];
    if (q.kind === 'rating') return [{ questionId: q.id, value: 1 + (i % 5), choices: null, comment: null }];
    if (q.kind === 'single') return [{ questionId: q.id, value: null, choices: JSON.stringify(['Tools']), comment: null }];
    if (q.kind === 'multi') return i % 2 ? [] : [{ questionId: q.id, value: null, choices: JSON.stringify(['Tools', 'People']), comment: null }];
    return [{ questionId: q.id, value: null, choices: null, comment: `More focus time, please (${i})` }];
  });
}

async function benchProvider(provider: Provider, figures: Figure[], notes: string[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'release');
  const raw: RawSql = await openRawSql(bdb.url);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'warn', MAILBOX_IN_PRODUCTION: 'true' });
  const database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
  const ctx: AppContext = { config, db: database.db, provider, logger: createLogger('warn'), keyring: new Keyring(config.APP_SECRET as string), clock: systemClock, mail: mailboxTransport(database.db), kick: () => undefined };
  try {
    const t0 = process.hrtime.bigint();
    const org = await seedOrg(raw, { people: PEOPLE, teams: 200, departments: 20 });
    const { surveyId } = await seedSurvey(raw);
    const round = await seedRound(raw, surveyId, org.people);
    const length = sealedLength(round.questions);
    const invitations = await raw.query<{ id: string; employeeId: string; teamId: string; departmentId: string }>(`SELECT "id", "employeeId", "teamId", "departmentId" FROM "Invitation" WHERE "roundId" = ?`, [round.roundId]);
    const sealed: Row[] = [];
    const clear: { response: Row; answers: Row[] }[] = [];
    invitations.forEach((inv, i) => {
      const answers = answersOf(round.questions, i);
      const blob = sealResponse(ctx, { id: round.roundId, sealedLength: length }, { id: inv.id, roundId: round.roundId, teamId: inv.teamId, departmentId: inv.departmentId }, answers);
      sealed.push({ id: crypto.randomUUID(), roundId: round.roundId, sealed: blob as unknown as string });
      const responseId = crypto.randomUUID();
      clear.push({ response: { id: responseId, roundId: round.roundId, teamId: inv.teamId, departmentId: inv.departmentId }, answers: answers.map((a) => ({ responseId, ...a })) });
    });
    await raw.insertMany('SealedResponse', sealed);
    await raw.query(`UPDATE "Invitation" SET "answered" = ? WHERE "roundId" = ?`, [true, round.roundId]);
    const now = new Date();
    const emails: Row[] = invitations.flatMap((inv, i) => [
      { id: crypto.randomUUID(), dedupeKey: `invite:${inv.id}`, template: 'survey-invite', toAddress: `person${i}@bench.test`, locale: 'en', data: '{}', status: 'sent', attempts: 1, nextAttemptAt: now, sentAt: now, roundId: round.roundId, createdAt: now },
      ...(i % 2 ? [{ id: crypto.randomUUID(), dedupeKey: `remind:0:${inv.id}`, template: 'survey-reminder', toAddress: `person${i}@bench.test`, locale: 'en', data: '{}', status: 'sent', attempts: 1, nextAttemptAt: now, sentAt: now, roundId: round.roundId, createdAt: now }] : []),
    ]);
    await raw.insertMany('OutboxEmail', emails);
    await raw.query(`UPDATE "Round" SET "status" = 'closed', "closedAt" = ?, "respondedCount" = ? WHERE "id" = ?`, [provider === 'sqlite' ? now.getTime() : now.toISOString(), PEOPLE, round.roundId]);
    notes.push(`${provider}: seeded ${PEOPLE} people, ${sealed.length} sealed answers of ${length} bytes each (plaintext), ${emails.length} emails in ${ms(t0)} ms`);

    let t = process.hrtime.bigint();
    const released = await releaseRound(ctx, round.roundId);
    const release = ms(t);
    if (released !== PEOPLE) throw new Error(`${provider}: released ${released}, expected ${PEOPLE}`);
    t = process.hrtime.bigint();
    if (!(await clearRoundTraces(ctx, round.roundId))) throw new Error(`${provider}: traces not cleared`);
    const traces = ms(t);
    const [{ n: left }] = await raw.query<{ n: number | string }>(`SELECT count(*) AS n FROM "OutboxEmail" WHERE "roundId" = ?`, [round.roundId]);
    if (Number(left) !== 0) throw new Error(`${provider}: ${left} emails left after clearing`);

    // Baseline: the same responses and answers, in clear, written by hand (one transaction per table; a second
    // round, so the tables hold as much as for the release).
    const other = await seedRound(raw, surveyId, org.people.slice(0, 1));
    const rewrite = (r: Row) => ({ ...r, roundId: other.roundId });
    t = process.hrtime.bigint();
    await raw.insertMany('Response', clear.map((c) => rewrite({ ...c.response, id: `b-${c.response.id as string}` })));
    await raw.insertMany('Answer', clear.flatMap((c) => c.answers.map((a) => ({ ...a, responseId: `b-${a.responseId as string}`, questionId: other.questions[round.questions.findIndex((q) => q.id === a.questionId)].id }))));
    const baseline = ms(t);
    const answerRows = clear.reduce((s, c) => s + c.answers.length, 0);
    figures.push({ measure: `${provider}: release ${PEOPLE} sealed answers (${answerRows} answer rows) in ${Math.ceil(PEOPLE / RELEASE_BATCH)} transactions`, unit: 'ms', value: release, baseline, ratio: ratio(release, baseline) });
    figures.push({ measure: `${provider}: reduce the traces (${PEOPLE} invitations rewritten, ${emails.length} emails folded)`, unit: 'ms', value: traces });
  } finally {
    await raw.close();
    await database.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes = ['baseline: the same responses and answer rows, in clear, inserted by hand through the raw driver (multi-row INSERTs, one transaction per table)'];
  const providers: Provider[] = ['sqlite'];
  if (await pgAvailable()) providers.push('postgresql');
  else notes.push('PostgreSQL not reachable: skipped');
  for (const p of providers) await benchProvider(p, figures, notes);
  saveResult({ name: 'release', title: `Benchmark 7: releasing a closed round of ${PEOPLE} answers`, ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
