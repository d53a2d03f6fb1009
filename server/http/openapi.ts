/**
 * The /api/v1 endpoint registry and the OpenAPI 3.1 document built from it. Each endpoint declares its method,
 * path, summary and zod schemas once (`defineEndpoint`); the same declaration validates requests and documents
 * them, so a capability adds an endpoint to the API and to the document in one place.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { parseOrThrow } from './validation';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface EndpointSpec<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: HttpMethod;
  /** The full path in OpenAPI form, e.g. /api/v1/employees/{id}. */
  path: string;
  summary: string;
  tags: string[];
  query?: Q;
  body?: B;
  /** What the document shows for the body, when validation is deliberately looser than the documented shape. */
  bodyDoc?: z.ZodType;
  response: R;
  /** The success status the document lists (handlers may still set another, e.g. 201 vs 200). */
  status?: number;
  /** No bearer token needed. */
  public?: boolean;
  /**
   * Statuses the endpoint answers besides the success status, 400, 401, 404 (paths with an id) and 429 (every
   * /api/v1 path is rate limited), each with what it means: below 400 the response schema, else the error.
   */
  statuses?: Record<number, string>;
}

/** What each tag groups (the document lists every tag an endpoint uses, with its description). */
export const TAG_DESCRIPTIONS: Record<string, string> = {
  Employees: 'The directory: people',
  Departments: 'The directory: departments',
  Teams: 'The directory: teams',
  Surveys: 'Surveys and their questions',
  Results: 'Results for BI tools, under the same thresholds and roles as the results pages',
  KPIs: 'Sales KPIs',
  'One-on-ones': '1:1 meetings',
};

type AnySpec = EndpointSpec<z.ZodType, z.ZodType, z.ZodType>;
const registry = new Map<string, AnySpec>();

/** Every registered endpoint, sorted by path then method. */
export function apiEndpoints(): AnySpec[] {
  return [...registry.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

export function registerEndpoint(spec: AnySpec): void {
  registry.set(`${spec.method} ${spec.path}`, spec);
}

export interface EndpointInput<Q extends z.ZodType, B extends z.ZodType> {
  query: z.infer<Q>;
  body: z.infer<B>;
  params: Record<string, string>;
}

/**
 * Registers `spec` and mounts it on `router` (which is mounted at `mountedAt`, e.g. /api/v1): the query and body
 * are validated with the spec's schemas (400 with every issue) and the handler's result is sent as JSON.
 */
export function defineEndpoint<Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
  router: Router,
  mountedAt: string,
  spec: EndpointSpec<Q, B, R>,
  handler: (input: EndpointInput<Q, B>, req: Request, res: Response) => Promise<z.infer<R>>,
): void {
  registerEndpoint(spec as unknown as AnySpec);
  const expressPath = spec.path.slice(mountedAt.length).replace(/\{(\w+)\}/g, ':$1');
  router[spec.method](expressPath, async (req: Request, res: Response) => {
    const query = (spec.query ? parseOrThrow(spec.query, req.query, 'Some query parameters are not valid') : req.query) as z.infer<Q>;
    const body = (spec.body ? parseOrThrow(spec.body, req.body ?? {}, 'The request body is not valid') : req.body) as z.infer<B>;
    const result = await handler({ query, body, params: req.params as Record<string, string> }, req, res);
    res.json(result);
  });
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorSchema = z.object({
  error: z.object({
    id: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
  }),
});

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(spec: AnySpec) {
  const parameters: Record<string, unknown>[] = [];
  for (const m of spec.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  if (spec.query) {
    const q = jsonSchema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: 'query', required: (q.required ?? []).includes(name) && !(schema as { default?: unknown }).default, schema });
    }
  }
  const bodySchema = spec.bodyDoc ?? spec.body;
  const responses: Record<string, unknown> = {
    [String(spec.status ?? 200)]: { description: 'Success', content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } },
    '400': errorResponse('The request is not valid; `issues` lists each problem with its path'),
  };
  if (!spec.public) responses['401'] = errorResponse('No token, or a token that is unknown or revoked');
  if (spec.path.includes('{')) responses['404'] = errorResponse('Not found');
  for (const [status, description] of Object.entries(spec.statuses ?? {})) {
    responses[status] = Number(status) < 400 ? { description, content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } } : errorResponse(description);
  }
  responses['429'] = errorResponse('Too many requests from this client address: wait a minute (see Retry-After)');
  return {
    summary: spec.summary,
    tags: spec.tags,
    operationId: `${spec.method}${spec.path.replace(/\/api\/v\d+/, '').replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`,
    ...(spec.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(bodySchema ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(bodySchema, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every registered endpoint. */
export function openApiDocument(baseUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of apiEndpoints()) (paths[spec.path] ??= {})[spec.method] = operation(spec);
  const tags = [...new Set(apiEndpoints().flatMap((spec) => spec.tags))].sort().map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pulse API',
      version: '1',
      description: 'Integrations (for example an HRIS keeping the directory in sync). Authenticate with `Authorization: Bearer <token>`; HR admins create tokens at /admin/api-tokens.',
    },
    servers: [{ url: baseUrl.replace(/\/$/, '') }],
    security: [{ bearerAuth: [] }],
    tags,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
    paths,
  };
}
