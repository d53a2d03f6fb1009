/**
 * A realistic sample organisation for `npm run demo`: a sales company with departments, teams, managers
 * and about 40 people. Deterministic (seeded pseudo-random), so every newcomer sees the same company.
 */
import type { AppContext } from '../../context';
import { hashPassword } from '../auth/passwords';
import { STORY_TEAM } from './demo-story';

export const DEMO_PASSWORD = 'pulse-demo-2026';
export const DEMO_HR_EMAIL = 'hr@demo.pulse.test';

const FIRST = ['Adi', 'Bima', 'Citra', 'Dewi', 'Eka', 'Fajar', 'Gita', 'Hendra', 'Intan', 'Joko', 'Kartika', 'Lestari', 'Made', 'Nadia', 'Oki', 'Putri', 'Rizky', 'Sari', 'Taufik', 'Umar', 'Vina', 'Wulan', 'Yoga', 'Zahra', 'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Arjun', 'Mei', 'Kenji', 'Priya', 'Tom', 'Hana', 'Dian', 'Rina', 'Bayu'];
const LAST = ['Santoso', 'Wijaya', 'Pratama', 'Halim', 'Kusuma', 'Nugroho', 'Siregar', 'Tan', 'Lim', 'Smith', 'Garcia', 'Müller', 'Rossi', 'Nakamura', 'Sharma', 'Hartono', 'Gunawan', 'Setiawan'];

const STRUCTURE: { department: string; teams: string[] }[] = [
  { department: 'Sales', teams: ['Enterprise Sales', 'SMB Sales', 'Inside Sales'] },
  { department: 'Customer Success', teams: ['Onboarding', 'Account Management'] },
  { department: 'Revenue Operations', teams: ['Sales Ops'] },
  { department: 'Marketing', teams: ['Demand Generation'] },
  { department: 'People', teams: ['People Team'] },
];

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

/** Seeds the sample organisation unless the database already has people. Returns whether it seeded. */
export async function seedDemoOrg(ctx: AppContext): Promise<boolean> {
  if ((await ctx.db.employee.count()) > 0) return false;
  const rand = rng(42);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const used = new Set<string>();
  const person = () => {
    for (;;) {
      const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`;
      if (!used.has(name)) {
        used.add(name);
        return { name, email: `${name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(' ', '.')}@demo.pulse.test` };
      }
    }
  };
  await ctx.db.$transaction(async (tx) => {
    await tx.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, companyName: 'Nusantara Software', defaultTimeZone: 'Asia/Jakarta' }, update: {} });
    const hr = await tx.employee.create({
      data: { email: DEMO_HR_EMAIL, name: 'Hana Halim', role: 'hr_admin', passwordHash, timeZone: 'Asia/Jakarta', startDate: '2021-03-01' },
    });
    const vp = await tx.employee.create({
      data: { ...person(), role: 'manager', passwordHash, timeZone: 'Asia/Jakarta', startDate: '2020-01-06' },
    });
    let n = 0;
    for (const { department, teams } of STRUCTURE) {
      const dept = await tx.department.create({ data: { name: department } });
      for (const teamName of teams) {
        const lead = await tx.employee.create({
          data: {
            ...(n === 0 ? { email: 'manager@demo.pulse.test', name: 'Maya Pratama' } : person()),
            role: 'manager',
            passwordHash,
            managerId: vp.id,
            locale: rand() < 0.5 ? 'id' : 'en',
            timeZone: 'Asia/Jakarta',
            startDate: `20${18 + Math.floor(rand() * 5)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
          },
        });
        n += 1;
        const team = await tx.team.create({ data: { name: teamName, departmentId: dept.id, managerId: lead.id } });
        await tx.employee.update({ where: { id: lead.id }, data: { teamId: team.id } });
        // The story team (demo-story.ts) is the largest, so its eNPS shows every week even beside smaller teams.
        const size = teamName === STORY_TEAM ? 8 : department === 'Sales' ? 6 : 4;
        for (let i = 0; i < size; i++) {
          await tx.employee.create({
            data: {
              ...person(),
              teamId: team.id,
              managerId: lead.id,
              locale: rand() < 0.6 ? 'id' : 'en',
              timeZone: rand() < 0.8 ? 'Asia/Jakarta' : 'Asia/Makassar',
              startDate: `202${Math.floor(rand() * 6)}-1${Math.floor(rand() * 3)}-0${1 + Math.floor(rand() * 8)}`,
              active: !(i === size - 1 && teamName === 'Inside Sales'),
            },
          });
        }
      }
    }
    await tx.employee.update({ where: { id: hr.id }, data: { teamId: (await tx.team.findFirstOrThrow({ where: { name: 'People Team' } })).id } });
  });
  return true;
}
