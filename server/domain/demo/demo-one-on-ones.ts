/**
 * Six months of 1:1 history for the demo organisation, made by the real 1:1 services on a simulated clock:
 * the VP meets each team lead, and the sales team leads meet each active report (PAIRS pairs at most,
 * so the demo starts in seconds), weekly or every two weeks in the manager's zone; both add talking points
 * before a meeting (English or Bahasa Indonesia, as each person speaks), they discuss most of them, take shared
 * notes, now and then a private note, agree action items and close them weeks later; some meetings are skipped
 * or moved. The outbox rows the simulation queued (invitations and reminders of the past) are dropped; the next
 * meetings' reminders go out as usual. Deterministic (seeded). Does nothing if any series exists.
 */
import type { AppContext } from '../../context';
import { localDateOf, localTimeOf, shiftLocalDays } from '../recurrence/local-time';
import { addActionItem, setActionItemDone } from '../one-on-ones/action-items.service';
import { addAgendaItem, setAgendaItemChecked } from '../one-on-ones/agenda.service';
import { holdMeeting, moveMeeting, skipMeeting } from '../one-on-ones/meetings.service';
import { savePrivateNote, saveSharedNotes } from '../one-on-ones/notes.service';
import { seriesInputSchema } from '../one-on-ones/one-on-one.schema';
import { runOneOnOneTick } from '../one-on-ones/reminders.service';
import { createSeries } from '../one-on-ones/series.service';

const WEEKS = 26;
const PAIRS = 24;

type Lang = 'en' | 'id';
const POINTS: Record<Lang, string[]> = {
  en: [
    'Pipeline for the quarter: which deals are at risk?',
    'Pricing pushback from the Garuda Logistics renewal',
    'How is the workload after the territory change?',
    'Feedback on my demo to the Bank Sentosa team',
    'Training: negotiation course next month?',
    'Handover of the accounts from the onboarding team',
    'Career: what would a senior role look like?',
    'The new CRM fields slow down call logging',
    'Commission statement for last month looks off',
    'Customer escalation at PT Maju Jaya',
    'Time off in December',
    'Ideas for the team offsite',
  ],
  id: [
    'Pipeline kuartal ini: deal mana yang berisiko?',
    'Keberatan harga dari perpanjangan kontrak Garuda Logistics',
    'Bagaimana beban kerja setelah perubahan wilayah?',
    'Masukan untuk demo saya ke tim Bank Sentosa',
    'Pelatihan: kursus negosiasi bulan depan?',
    'Serah terima akun dari tim onboarding',
    'Karier: seperti apa peran senior nantinya?',
    'Kolom baru di CRM memperlambat pencatatan panggilan',
    'Laporan komisi bulan lalu terlihat janggal',
    'Eskalasi pelanggan di PT Maju Jaya',
    'Cuti di bulan Desember',
    'Ide untuk offsite tim',
  ],
};
const NOTES: Record<Lang, string[]> = {
  en: [
    'Went through the pipeline deal by deal. Two slipped to next month; agreed to focus on renewals first.',
    'Talked about the territory change. Workload is heavy but manageable; revisit in two weeks.',
    'Good progress on the Bank Sentosa deal. Legal review is the bottleneck.',
    'Discussed growth: interest in leading the SMB segment. Will look for a small project to lead.',
    'Short one today. Mostly status; no blockers.',
  ],
  id: [
    'Membahas pipeline satu per satu. Dua deal mundur ke bulan depan; sepakat fokus ke perpanjangan dulu.',
    'Membahas perubahan wilayah. Beban kerja berat tapi masih bisa dikelola; dibahas lagi dua minggu lagi.',
    'Kemajuan bagus untuk deal Bank Sentosa. Review legal menjadi hambatan.',
    'Membahas pengembangan: tertarik memimpin segmen SMB. Akan dicari proyek kecil untuk dipimpin.',
    'Singkat hari ini. Sebagian besar status; tidak ada hambatan.',
  ],
};
const ACTIONS: Record<Lang, string[]> = {
  en: ['Send the updated forecast to finance', 'Book the negotiation course', 'Share the call recording with the team', 'Draft the account plan for Garuda Logistics', 'Ask RevOps about the commission report'],
  id: ['Kirim forecast terbaru ke finance', 'Daftar kursus negosiasi', 'Bagikan rekaman panggilan ke tim', 'Susun rencana akun untuk Garuda Logistics', 'Tanyakan laporan komisi ke RevOps'],
};
const PRIVATE: Record<Lang, string[]> = {
  en: ['Seems tired lately; check in about workload again.', 'Ready for more responsibility; talk to HR about the senior role.', 'I want to raise the commission question carefully.'],
  id: ['Terlihat lelah akhir-akhir ini; tanyakan lagi soal beban kerja.', 'Siap untuk tanggung jawab lebih; bicarakan peran senior dengan HR.', 'Saya ingin membahas soal komisi dengan hati-hati.'],
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedDemoOneOnOnes(ctx: AppContext): Promise<number> {
  if ((await ctx.db.oneOnOneSeries.count()) > 0) return 0;
  const rand = rng(1101);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const realNow = ctx.clock.now();
  let simNow = new Date(realNow.getTime() - WEEKS * 7 * 86_400_000);
  const sim: AppContext = { ...ctx, clock: { now: () => new Date(simNow) }, kick: () => undefined };
  const candidates = await ctx.db.employee.findMany({
    where: { active: true, managerId: { not: null }, manager: { active: true } },
    select: { id: true, role: true, locale: true, managerId: true, team: { select: { name: true } }, manager: { select: { locale: true, timeZone: true } } },
    orderBy: { email: 'asc' },
  });
  // Team leads first (their 1:1s with the VP), then the sales teams' people, Enterprise Sales (the demo manager's) first.
  const order = ['Enterprise Sales', 'SMB Sales', 'Inside Sales', 'Onboarding', 'Account Management'];
  const rank = (c: (typeof candidates)[number]) => (c.role === 'manager' ? -1 : order.includes(c.team?.name ?? '') ? order.indexOf(c.team!.name) : order.length);
  const reports = [...candidates].sort((a, b) => rank(a) - rank(b)).slice(0, PAIRS);
  const pairs: { seriesId: string; managerId: string; reportId: string; mLang: Lang; rLang: Lang; zone: string }[] = [];
  for (const [i, r] of reports.entries()) {
    const zone = r.manager!.timeZone;
    const input = seriesInputSchema.parse({
      cadence: i % 4 === 3 ? 'biweekly' : 'weekly',
      weekday: 1 + (i % 5),
      timeOfDay: ['09:00', '10:30', '13:30', '15:00'][i % 4],
      timeZone: zone,
      durationMinutes: i % 3 === 0 ? 30 : 45,
      location: i % 2 ? 'https://meet.example.com/1on1-' + (i + 1) : 'Ruang Rapat Borobudur',
      startDate: localDateOf(simNow, zone),
    });
    const s = await createSeries(sim, r.managerId!, r.id, input);
    pairs.push({ seriesId: s.id, managerId: r.managerId!, reportId: r.id, mLang: r.manager!.locale === 'id' ? 'id' : 'en', rLang: r.locale === 'id' ? 'id' : 'en', zone });
  }
  // Day by day: points the day before each meeting, the meeting itself, then the tick.
  const end = realNow.getTime();
  while (simNow.getTime() < end) {
    const dayEnd = new Date(Math.min(end, simNow.getTime() + 86_400_000));
    const meetings = await ctx.db.oneOnOneMeeting.findMany({
      where: { status: 'scheduled', startsAt: { gte: simNow, lt: new Date(dayEnd.getTime() + 86_400_000) }, series: { status: 'active' } },
      select: { id: true, seriesId: true, startsAt: true },
      orderBy: { startsAt: 'asc' },
    });
    for (const m of meetings) {
      const pair = pairs.find((p) => p.seriesId === m.seriesId);
      if (!pair) continue;
      const past = m.startsAt.getTime() < end - 3_600_000;
      if (m.startsAt.getTime() >= dayEnd.getTime()) {
        // Tomorrow's meeting: talking points from both, in their own language.
        if (rand() < 0.8) await addAgendaItem(sim, pair.reportId, m.id, pick(POINTS[pair.rLang])).catch(() => undefined);
        if (rand() < 0.6) await addAgendaItem(sim, pair.managerId, m.id, pick(POINTS[pair.mLang])).catch(() => undefined);
        continue;
      }
      if (!past) continue;
      const roll = rand();
      if (roll < 0.07) {
        simNow = new Date(m.startsAt.getTime() - 3 * 3_600_000);
        await skipMeeting(sim, pick([pair.managerId, pair.reportId]), m.id);
        continue;
      }
      if (roll < 0.12) {
        // Moved to the next day, same time.
        const to = shiftLocalDays(m.startsAt, 1, pair.zone);
        simNow = new Date(m.startsAt.getTime() - 3 * 3_600_000);
        if (to.getTime() < end) await moveMeeting(sim, pair.managerId, m.id, { date: localDateOf(to, pair.zone), time: localTimeOf(to, pair.zone) }).catch(() => undefined);
        continue;
      }
      simNow = new Date(m.startsAt.getTime() + 40 * 60_000);
      const agenda = await ctx.db.oneOnOneAgendaItem.findMany({ where: { meetingId: m.id }, select: { id: true } });
      for (const a of agenda) if (rand() < 0.8) await setAgendaItemChecked(sim, pair.managerId, m.id, a.id, true);
      const lang = rand() < 0.5 ? pair.mLang : pair.rLang;
      await saveSharedNotes(sim, pair.managerId, m.id, pick(NOTES[lang]), 0).catch(() => undefined);
      if (rand() < 0.25) await savePrivateNote(sim, pair.managerId, m.id, pick(PRIVATE[pair.mLang]));
      if (rand() < 0.15) await savePrivateNote(sim, pair.reportId, m.id, pick(PRIVATE[pair.rLang]));
      if (rand() < 0.45) {
        const owner = rand() < 0.6 ? pair.reportId : pair.managerId;
        const ownerLang = owner === pair.reportId ? pair.rLang : pair.mLang;
        await addActionItem(sim, pair.managerId, m.id, { text: pick(ACTIONS[ownerLang]), ownerId: owner, dueDate: localDateOf(shiftLocalDays(m.startsAt, 7 + Math.floor(rand() * 14), pair.zone), pair.zone) });
      }
      // Older open action items get done, most of them within a few weeks.
      const open = await ctx.db.oneOnOneActionItem.findMany({ where: { seriesId: m.seriesId, doneAt: null, createdAt: { lt: new Date(simNow.getTime() - 6 * 86_400_000) } }, select: { id: true } });
      for (const a of open) if (rand() < 0.6) await setActionItemDone(sim, pair.reportId, m.id, a.id, true);
      if (rand() < 0.7) await holdMeeting(sim, pair.managerId, m.id);
    }
    simNow = dayEnd;
    await runOneOnOneTick(sim);
  }
  // The emails of the simulated past (invitations, reminders, updates) are not sent now.
  await ctx.db.outboxEmail.deleteMany({ where: { template: { startsWith: 'one-on-one-' }, createdAt: { lt: new Date(realNow.getTime() - 60_000) } } });
  return pairs.length;
}
