/**
 * Raw-driver data access for the answer page's hot path (POST /s/:token): one indexed read of the link, then
 * one transaction that spends it and stores the sealed response (opened when the round's answers are released). Prisma costs roughly ten times a raw statement per
 * query and its interactive transactions hold SQLite's single writer across awaits, so this path talks to
 * the driver directly (measured by `npm run bench -- answer`). One store per database (registry.ts).
 */
import type { Provider } from '../providers';
import { rawStore } from './registry';

/** What the answer page needs to know about the invitation behind a token hash. */
export interface InvitationRow {
  id: string;
  answered: boolean;
  locale: string;
  roundId: string;
  teamId: string | null;
  departmentId: string | null;
  roundStatus: string;
  closesAtMs: number;
  employeeActive: boolean;
  timeZone: string;
}

/** One answer to store: a question of the round and its value, chosen labels (JSON) or comment. */
export interface AnswerRow {
  questionId: string;
  value: number | null;
  choices: string | null;
  comment: string | null;
}

/**
 * The sealed response to store once the invitation `invitationId` of round `roundId` is spent (the store names
 * it). `sealed` holds the team and department snapshot and the answers (server/domain/rounds/sealed-answers.ts).
 */
export interface SpendRequest {
  invitationId: string;
  roundId: string;
  sealed: Buffer;
}

export interface AnswerStore {
  /** The invitation whose token hashes to `tokenHash`, with its round's state and its person's. */
  findInvitation(tokenHash: string): Promise<InvitationRow | null>;
  /**
   * In one transaction: flips the invitation answered (wiping its sealed token) only if it was not and its round
   * is still open, and then inserts the sealed response and counts it on the round. False when the link was
   * already spent or the round has closed.
   */
  spend(req: SpendRequest): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The store for `url` (shared by every caller in this process), or null for an in-memory SQLite database,
 * which a second connection cannot see.
 */
export function answerStoreFor(url: string, provider: Provider, poolSize: number): AnswerStore | null {
  // Required lazily, so a process on one provider never loads the other's driver.
  return rawStore('answers', url, () =>
    provider === 'sqlite'
      ? (require('./answer-store.sqlite') as typeof import('./answer-store.sqlite')).openSqliteAnswerStore(url)
      : (require('./answer-store.pg') as typeof import('./answer-store.pg')).openPgAnswerStore(url, poolSize),
  );
}
