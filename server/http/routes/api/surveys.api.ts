/**
 * /api/v1/surveys: list, read, create and replace surveys as JSON, behind an API token, checked by the same
 * `surveyInputSchema` as the editor page and documented in the OpenAPI registry.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../../context';
import { createSurvey, getSurvey, listSurveys, updateSurvey, type SurveyWithQuestions } from '../../../domain/surveys/surveys.service';
import { surveyInputSchema, surveyOutputSchema, surveySummarySchema, surveyUpdateSchema } from '../../../domain/surveys/survey.schema';
import { apiAuth } from '../../middleware/api-auth';
import { defineEndpoint } from '../../openapi';
import { API_BASE } from './base';

const tags = ['Surveys'];

function toJson(s: SurveyWithQuestions): z.infer<typeof surveyOutputSchema> {
  const questions = s.questions.map((q) => ({ ...q, optionsId: q.optionsId ?? null }));
  return { ...s, questions, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

/** A router to mount at /api/v1; it authenticates its own paths only. */
export function surveysApiRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/surveys', apiAuth(ctx));

  defineEndpoint(
    router,
    API_BASE,
    { method: 'get', path: `${API_BASE}/surveys`, summary: 'List surveys with their next send time and last response rate', tags, response: z.object({ data: z.array(surveySummarySchema) }) },
    async () => ({
      data: (await listSurveys(ctx)).map((s) => ({
        id: s.id,
        title: s.title,
        questionCount: s.questionCount,
        nextRunAt: s.nextRunAt ? s.nextRunAt.toISOString() : null,
        lastRoundId: s.lastRoundId,
        lastResponseRate: s.lastResponseRate,
      })),
    }),
  );

  defineEndpoint(
    router,
    API_BASE,
    { method: 'get', path: `${API_BASE}/surveys/{id}`, summary: 'One survey with its questions', tags, response: surveyOutputSchema },
    async ({ params }) => toJson(await getSurvey(ctx, params.id)),
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'post',
      path: `${API_BASE}/surveys`,
      summary: 'Create a survey (1 to 10 questions, at most one eNPS)',
      tags,
      body: surveyInputSchema,
      response: surveyOutputSchema,
      status: 201,
    },
    async ({ body }, _req, res) => {
      const survey = await createSurvey(ctx, body);
      res.status(201).location(`${API_BASE}/surveys/${survey.id}`);
      return toJson(survey);
    },
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'put',
      path: `${API_BASE}/surveys/{id}`,
      summary: 'Replace a survey’s title, intro and questions (rounds already sent keep theirs); 409 when `version` is no longer current',
      tags,
      body: surveyUpdateSchema,
      response: surveyOutputSchema,
      statuses: { 409: 'Someone saved the survey after `version`: nothing was written; the error carries `currentVersion`' },
    },
    async ({ body, params }) => {
      const { version, ...input } = body;
      return toJson(await updateSurvey(ctx, params.id, input, version));
    },
  );
  return router;
}
