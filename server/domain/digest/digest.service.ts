/**
 * The weekly digest: each active manager who has not turned it off gets one email per ISO week, at their local
 * Monday morning (digest-time.ts; a Monday the servers slept through is caught up later that week), in their
 * language, through the outbox. Database-driven: a tick claims
 * (manager, week) by inserting a DigestClaim row (unique on both) in the same transaction as the outbox row, so
 * any number of instances, ticks and restarts queue it once; node-cron is only the clock (jobs/weekly-digest.job.ts).
 * A quiet week (nothing to report) is claimed and sends nothing.
 */
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/errors';
import { toLocale } from '../../i18n/i18n';
import { enqueueEmail } from '../email/outbox.service';
import { inWriteTurn } from '../rounds/write-turns';
import { forEachIsolated } from '../shared/isolated';
import { digestContent, isQuiet, prepareDigestRun } from './digest-content.service';
import { optOutLink } from './digest-opt-out.service';
import { digestWeekDue } from './digest-time';

export interface DigestTick {
  due: number;
  queued: number;
  quiet: number;
}

const BATCH = 500;

/** Claims and queues every digest due at `now`; returns what this instance did. */
export async function queueDueDigests(ctx: AppContext): Promise<DigestTick> {
  const now = ctx.clock.now();
  const managers = await ctx.db.employee.findMany({ where: { role: 'manager', active: true }, select: { id: true, role: true, name: true, email: true, locale: true, timeZone: true } });
  const out = await ctx.db.digestOptOut.findMany({ select: { employeeId: true } });
  const off = new Set(out.map((o) => o.employeeId));
  const due = managers.flatMap((m) => {
    const week = off.has(m.id) ? null : digestWeekDue(now, m.timeZone);
    return week ? [{ ...m, week }] : [];
  });
  const tick: DigestTick = { due: 0, queued: 0, quiet: 0 };
  if (due.length === 0) return tick;
  const claimed = new Set<string>();
  for (let i = 0; i < due.length; i += BATCH) {
    const slice = due.slice(i, i + BATCH);
    const rows = await ctx.db.digestClaim.findMany({ where: { managerId: { in: slice.map((m) => m.id) }, isoWeek: { in: [...new Set(slice.map((m) => m.week))] } }, select: { managerId: true, isoWeek: true } });
    for (const r of rows) claimed.add(`${r.managerId}|${r.isoWeek}`);
  }
  const todo = due.filter((m) => !claimed.has(`${m.id}|${m.week}`));
  tick.due = todo.length;
  if (todo.length === 0) return tick;
  const run = await prepareDigestRun(ctx, todo.map((m) => m.id));
  await forEachIsolated(ctx.logger, 'weekly-digest', todo, (m) => ({ managerId: m.id }), async (m) => {
    const locale = toLocale(m.locale);
    const content = await digestContent(ctx, m, locale, run);
    const quiet = isQuiet(content);
    const won = await inWriteTurn(ctx, () =>
      ctx.db.$transaction(async (tx) => {
        await tx.digestClaim.create({ data: { managerId: m.id, isoWeek: m.week, claimedAt: now } });
        if (quiet) return true;
        await enqueueEmail(ctx, tx, {
          dedupeKey: `digest:${m.id}:${m.week}`,
          template: 'weekly-digest',
          to: m.email,
          toName: m.name,
          locale,
          data: { name: m.name, week: m.week, timeZone: m.timeZone, ...content, link: `${ctx.config.BASE_URL}/` },
          secret: { optOut: optOutLink(ctx, m.id) },
        });
        return true;
      }),
    ).catch((err: unknown) => {
      if (isUniqueViolation(err)) return false;
      throw err;
    });
    if (!won) return;
    if (quiet) tick.quiet++;
    else tick.queued++;
  });
  if (tick.queued > 0) {
    ctx.kick('send-emails');
    ctx.logger.info({ event: 'digests_queued', queued: tick.queued, quiet: tick.quiet }, 'weekly digests queued');
  }
  return tick;
}
