/** /api/v1/departments and /api/v1/teams: list and create. */
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../../context';
import { departmentInputSchema, departmentOutputSchema } from '../../../domain/org/department.schema';
import { teamInputSchema, teamOutputSchema } from '../../../domain/org/team.schema';
import { createDepartment, listDepartments } from '../../../domain/org/departments.service';
import { createTeam, listTeams } from '../../../domain/org/teams.service';
import { defineEndpoint } from '../../openapi';
import { API_BASE } from './base';

export function directoryApi(router: Router, ctx: AppContext): void {
  defineEndpoint(
    router,
    API_BASE,
    { method: 'get', path: `${API_BASE}/departments`, summary: 'All departments', tags: ['Departments'], response: z.object({ data: z.array(departmentOutputSchema) }) },
    async () => ({ data: await listDepartments(ctx) }),
  );
  defineEndpoint(
    router,
    API_BASE,
    { method: 'post', path: `${API_BASE}/departments`, summary: 'Create a department', tags: ['Departments'], body: departmentInputSchema, response: departmentOutputSchema, status: 201 },
    async ({ body }, _req, res) => {
      const d = await createDepartment(ctx, body);
      res.status(201);
      return { id: d.id, name: d.name, teamCount: 0 };
    },
  );
  defineEndpoint(
    router,
    API_BASE,
    { method: 'get', path: `${API_BASE}/teams`, summary: 'All teams with their department and manager', tags: ['Teams'], response: z.object({ data: z.array(teamOutputSchema) }) },
    async () => ({ data: (await listTeams(ctx)).map((t) => teamOutputSchema.parse(t)) }),
  );
  defineEndpoint(
    router,
    API_BASE,
    { method: 'post', path: `${API_BASE}/teams`, summary: 'Create a team in a department (by name), with an optional manager (by email)', tags: ['Teams'], body: teamInputSchema, response: teamOutputSchema, status: 201 },
    async ({ body }, _req, res) => {
      const t = await createTeam(ctx, body);
      res.status(201);
      return teamOutputSchema.parse(t);
    },
  );
}
