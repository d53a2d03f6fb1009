/** /api/v1/employees: list, read, create-or-update by email, patch, and the all-or-nothing bulk upsert. */
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../../context';
import { employeeInputSchema, employeeOutputSchema } from '../../../domain/org/employee.schema';
import { getEmployee, pageEmployees } from '../../../domain/org/employees.service';
import { applyUpsert } from '../../../domain/org/employee-upsert.service';
import { defineEndpoint } from '../../openapi';
import { API_BASE } from './base';

export const MAX_BULK = 1000;
const tags = ['Employees'];
/** A write that met another one to the same people (employee-upsert.service.ts). */
const DIRECTORY_RACE = { 409: 'Someone else changed the directory at the same time: nothing was written; try again' };
const one = async (ctx: AppContext, id: string) => employeeOutputSchema.parse(await getEmployee(ctx, id));

export function employeesApi(router: Router, ctx: AppContext): void {
  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'get',
      path: `${API_BASE}/employees`,
      summary: 'List employees, by id, a page at a time',
      tags,
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z.string().max(100).optional(),
        active: z.enum(['true', 'false']).optional(),
        teamId: z.string().max(100).optional(),
      }),
      response: z.object({ data: z.array(employeeOutputSchema), nextCursor: z.string().nullable() }),
    },
    async ({ query }) =>
      pageEmployees(ctx, { active: query.active === undefined ? undefined : query.active === 'true', teamId: query.teamId }, query.limit, query.cursor),
  );

  defineEndpoint(
    router,
    API_BASE,
    { method: 'get', path: `${API_BASE}/employees/{id}`, summary: 'One employee', tags, response: employeeOutputSchema },
    async ({ params }) => one(ctx, params.id),
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'post',
      path: `${API_BASE}/employees`,
      summary: 'Create an employee, or update the one with this email (201 when created). Fields left out keep their values.',
      tags,
      body: z.looseObject({}),
      bodyDoc: employeeInputSchema,
      response: employeeOutputSchema,
      status: 201,
      statuses: { 200: 'An employee with this email existed: it was updated', ...DIRECTORY_RACE },
    },
    async ({ body }, _req, res) => {
      const result = await applyUpsert(ctx, [{ ref: [], data: body }], 'The employee is not valid');
      res.status(result.rows[0].action === 'create' ? 201 : 200);
      return one(ctx, result.rows[0].id);
    },
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'patch',
      path: `${API_BASE}/employees/{id}`,
      summary: 'Change some fields of an employee (email included)',
      tags,
      body: z.looseObject({}),
      bodyDoc: employeeInputSchema.partial(),
      response: employeeOutputSchema,
      statuses: DIRECTORY_RACE,
    },
    async ({ body, params }) => {
      const current = await getEmployee(ctx, params.id);
      await applyUpsert(ctx, [{ ref: [], id: params.id, data: { email: current.email, name: current.name, ...body } }], 'The changes are not valid');
      return one(ctx, params.id);
    },
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'post',
      path: `${API_BASE}/employees/bulk`,
      summary: `Create or update up to ${MAX_BULK} employees by email, all or nothing (the same rules as the CSV import)`,
      tags,
      body: z.object({ employees: z.array(z.looseObject({}), 'Send an array of employees').min(1, 'Send at least one employee').max(MAX_BULK, `Send at most ${MAX_BULK} employees at a time`) }),
      bodyDoc: z.object({ employees: z.array(employeeInputSchema).min(1).max(MAX_BULK) }),
      response: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
      statuses: DIRECTORY_RACE,
    },
    async ({ body }) => {
      const result = await applyUpsert(ctx, body.employees.map((data, i) => ({ ref: ['employees', i], data })), 'Some employees are not valid; nothing was written');
      return { created: result.counts.create, updated: result.counts.update, unchanged: result.counts.unchanged };
    },
  );
}
