/**
 * Benchmark 1's baseline: a bare `node:http` handler doing the answer page's work with the raw driver — the
 * same zod schema, the same token-hash lookup, the same sealing of the response and the same inserts in the
 * same transaction (the raw answer store), but no Express, no middleware, no templates. On SQLite it runs either with the store's group
 * commit like the app (COMMIT=group, the default: the baseline the target is checked against) or with one
 * transaction per answer (COMMIT=single: what a plain raw handler does, to show what group commit buys).
 * Env: DATABASE_URL, PORT, COMMIT. Serves 127.0.0.1 only.
 */
import http from 'node:http';
import { openSqliteAnswerStore } from '../server/db/raw/answer-store.sqlite';
import { openPgAnswerStore } from '../server/db/raw/answer-store.pg';
import { providerFromUrl } from '../server/db/providers';
import { hashToken, Keyring } from '../server/secrets';
import { answerSchemaFor, type RoundQuestionSnapshot } from '../server/domain/rounds/answer.schema';
import { sealResponse } from '../server/domain/rounds/answer.service';
import { sealedLength } from '../server/domain/rounds/sealed-answers';
import { answerMessages } from '../server/domain/rounds/answer-form';
import { openRawSql } from './lib/raw-sql';

const url = process.env.DATABASE_URL as string;
const store =
  providerFromUrl(url) === 'sqlite' ? openSqliteAnswerStore(url, { groupCommit: process.env.COMMIT !== 'single' }) : openPgAnswerStore(url, 10);
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const keyring = new Keyring(process.env.APP_SECRET ?? 'bench-secret-0123456789abcdef0123456789abcdef');
type Schema = ReturnType<typeof answerSchemaFor>;
const schemas = new Map<string, { schema: Schema; sealedLength: number }>();

async function schemaOf(roundId: string): Promise<{ schema: Schema; sealedLength: number }> {
  let hit = schemas.get(roundId);
  if (!hit) {
    const raw = await openRawSql(url);
    const questions = await raw.query<RoundQuestionSnapshot>(`SELECT * FROM "RoundQuestion" WHERE "roundId" = ? ORDER BY "position"`, [roundId]);
    await raw.close();
    hit = { schema: answerSchemaFor(questions.map((q) => ({ ...q, required: Boolean(q.required) })), answerMessages('en')), sealedLength: sealedLength(questions) };
    schemas.set(roundId, hit);
  }
  return hit;
}

function formBody(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

function send(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end(`<!doctype html><title>Pulse</title><p>${text}</p>`);
}

async function answer(token: string, body: string, res: http.ServerResponse): Promise<void> {
  if (!TOKEN_SHAPE.test(token)) return send(res, 404, 'Unknown link');
  const inv = await store.findInvitation(hashToken(token));
  if (!inv) return send(res, 404, 'Unknown link');
  if (inv.answered) return send(res, 409, 'Already answered');
  if (inv.roundStatus !== 'open' || inv.closesAtMs <= Date.now() || !inv.employeeActive) return send(res, 410, 'Closed');
  const round = await schemaOf(inv.roundId);
  const parsed = round.schema.safeParse(formBody(body));
  if (!parsed.success) return send(res, 400, 'Please check your answers');
  const sealed = sealResponse({ keyring }, { id: inv.roundId, sealedLength: round.sealedLength }, inv, parsed.data);
  const saved = await store.spend({ invitationId: inv.id, roundId: inv.roundId, sealed });
  send(res, saved ? 200 : 409, saved ? 'Thank you!' : 'Already answered');
}

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') return send(res, 200, 'ok');
  const m = /^\/s\/([^/?#]+)/.exec(req.url ?? '');
  if (!m || req.method !== 'POST') return send(res, 404, 'Not found');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    answer(m[1], Buffer.concat(chunks).toString('utf8'), res).catch((err: unknown) => {
      console.error(err);
      send(res, 500, 'Error');
    });
  });
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
