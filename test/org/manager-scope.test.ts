import { startTestApp, type TestApp } from '../helpers/test-app';
import { buildEmployee, buildTeam } from '../factories';
import { employeeIdsUnder, teamIdsManagedBy } from '../../server/domain/org/manager-scope';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('manager scope', () => {
  it('covers the teams a manager runs and everyone below them, transitively, and nobody else', async () => {
    const db = t.ctx.db;
    const head = await buildEmployee(db, { role: 'manager', name: 'Head of Sales' });
    const lead = await buildEmployee(db, { role: 'manager', name: 'Team lead', managerId: head.id });
    const teamA = await buildTeam(db, { managerId: head.id });
    const teamB = await buildTeam(db, { managerId: lead.id });
    const inTeamA = await buildEmployee(db, { teamId: teamA.id });
    const inTeamB = await buildEmployee(db, { teamId: teamB.id });
    const reportOfLead = await buildEmployee(db, { managerId: lead.id });
    const grandReport = await buildEmployee(db, { managerId: reportOfLead.id });
    const leaver = await buildEmployee(db, { teamId: teamA.id, active: false });
    const outsider = await buildEmployee(db, {});
    const otherTeam = await buildTeam(db, {});
    await buildEmployee(db, { teamId: otherTeam.id });

    expect(await teamIdsManagedBy(t.ctx, head.id)).toEqual([teamA.id]);
    expect(await teamIdsManagedBy(t.ctx, lead.id)).toEqual([teamB.id]);
    expect(await teamIdsManagedBy(t.ctx, outsider.id)).toEqual([]);

    const underHead = await employeeIdsUnder(t.ctx, head.id);
    expect(underHead).toEqual([lead.id, inTeamA.id, inTeamB.id, reportOfLead.id, grandReport.id].sort());
    expect(await employeeIdsUnder(t.ctx, lead.id)).toEqual([inTeamB.id, reportOfLead.id, grandReport.id].sort());
    expect(await employeeIdsUnder(t.ctx, head.id, { includeInactive: true })).toContain(leaver.id);
    expect(await employeeIdsUnder(t.ctx, outsider.id)).toEqual([]);
  });

  it('ends on reporting cycles and never lists the manager themselves', async () => {
    const db = t.ctx.db;
    const a = await buildEmployee(db, { role: 'manager' });
    const b = await buildEmployee(db, { role: 'manager', managerId: a.id });
    await db.employee.update({ where: { id: a.id }, data: { managerId: b.id } });
    expect(await employeeIdsUnder(t.ctx, a.id)).toEqual([b.id]);
  });
});
