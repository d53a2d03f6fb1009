/**
 * Limits on failed attempts (ASVS 6.3.1), shared by every instance through the database: a counter per
 * (scope, who, time window) in `AttemptCounter`, raised by one atomic upsert (`INSERT … ON CONFLICT DO UPDATE …
 * RETURNING`, the same statement on SQLite and PostgreSQL). An attempt is counted when it starts, so parallel
 * guesses cannot all slip past a check, and handed back when it succeeds: only failures stay counted. Counters
 * are keyed on the account and the client address together, so ten people behind one office NAT each have their
 * own, with a looser per-address and per-account ceiling on top. Keys are HMACs under the app key: the table
 * holds neither addresses nor emails.
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';

export type AttemptScope = 'password' | 'link-request' | 'link-use' | 'password-change' | 'setup';
type Part = 'account+address' | 'address' | 'account';

export interface AttemptPolicy {
  minutes: number;
  limits: { per: Part; max: number }[];
}

/** How many failures each scope allows per window. */
export const ATTEMPT_POLICIES: Record<AttemptScope, AttemptPolicy> = {
  // Password sign-in: 10 wrong passwords per account and address; a spray over many accounts or a guesser
  // rotating addresses meets the wider limits. A locked password still leaves the emailed link.
  password: { minutes: 15, limits: [{ per: 'account+address', max: 10 }, { per: 'address', max: 100 }, { per: 'account', max: 50 }] },
  // Link requests are all counted (each may send an email), known address or not: 5 per account and address, 20
  // per account from anywhere (one inbox cannot be flooded), and 500 per address, so an office behind one NAT
  // signs in on a Monday morning (the per-address ceiling only slows a spray over many accounts).
  'link-request': { minutes: 15, limits: [{ per: 'account+address', max: 5 }, { per: 'account', max: 20 }, { per: 'address', max: 500 }] },
  // Spending a sign-in link: links that do not work, per address.
  'link-use': { minutes: 15, limits: [{ per: 'address', max: 30 }] },
  // Changing one's password: wrong current passwords per account and address.
  'password-change': { minutes: 15, limits: [{ per: 'account+address', max: 10 }] },
  setup: { minutes: 15, limits: [{ per: 'address', max: 20 }] },
};

export interface Attempt {
  allowed: boolean;
  /** Seconds until the window that refused this attempt ends. */
  retryAfter: number;
  /** The attempt succeeded: it no longer counts against anyone. */
  succeeded(): Promise<void>;
}

export interface Who {
  /** The account the attempt is about (an email or an employee id), when there is one. */
  account?: string;
  /** The client address. */
  address: string;
}

type Num = number | bigint;

/** Counts one attempt of `scope` by `who` and says whether it stays within every limit. */
export async function beginAttempt(ctx: AppContext, scope: AttemptScope, who: Who): Promise<Attempt> {
  const policy = ATTEMPT_POLICIES[scope];
  const windowMs = policy.minutes * 60_000;
  const now = ctx.clock.now().getTime();
  const window = Math.floor(now / windowMs);
  const expiresAt = Math.ceil(((window + 1) * windowMs) / 60_000);
  const account = who.account?.trim().toLowerCase() ?? '';
  const limits = policy.limits.filter((l) => l.per === 'address' || account);
  const keys = limits.map((l) => {
    const parts = l.per === 'account+address' ? `${account}\u0000${who.address}` : l.per === 'account' ? account : who.address;
    return ctx.keyring.mac(`attempt:${scope}:${l.per}:${window}:${parts}`);
  });
  if (keys.length === 0) return { allowed: true, retryAfter: 0, succeeded: async () => undefined };
  const rows = await ctx.db.$queryRaw<{ key: string; count: Num }[]>(Prisma.sql`
    INSERT INTO "AttemptCounter" ("key", "count", "expiresAt")
    VALUES ${Prisma.join(keys.map((k) => Prisma.sql`(${k}, 1, ${expiresAt})`))}
    ON CONFLICT ("key") DO UPDATE SET "count" = "AttemptCounter"."count" + 1
    RETURNING "key", "count"`);
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  const allowed = limits.every((l, i) => (counts.get(keys[i]) ?? 0) <= l.max);
  if (!allowed) ctx.logger.warn({ event: 'attempts_limited', scope }, 'too many failed attempts');
  return {
    allowed,
    retryAfter: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)),
    succeeded: async () => {
      await ctx.db.$executeRaw(Prisma.sql`
        UPDATE "AttemptCounter" SET "count" = "count" - 1 WHERE "key" IN (${Prisma.join(keys)}) AND "count" > 0`);
    },
  };
}

/** Deletes counters whose window has ended (the purge-attempts job); returns how many. */
export async function purgeAttempts(ctx: AppContext): Promise<number> {
  const { count } = await ctx.db.attemptCounter.deleteMany({ where: { expiresAt: { lte: Math.floor(ctx.clock.now().getTime() / 60_000) } } });
  return count;
}
