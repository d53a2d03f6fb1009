/**
 * Named bearer tokens for /api/v1 integrations. The token is shown once; the database keeps its SHA-256 and a
 * short visible prefix. A token works only while it is not revoked and its creator is an active HR admin.
 */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { hashToken, randomToken } from '../../secrets';
import type { ApiTokenInput } from './api-token.schema';

export const TOKEN_PREFIX = 'pulse_';
const PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
const TOUCH_EVERY_MS = 60_000;

/** Creates a token and returns it in clear: the only time it is available. */
export async function createApiToken(ctx: AppContext, input: ApiTokenInput, createdById: string) {
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH), createdById, createdAt: ctx.clock.now() },
    });
    await audit(ctx, tx, { action: 'api_token.create', targetKind: 'api_token', targetId: created.id, detail: { name: created.name, prefix: created.prefix } });
    return created;
  });
  ctx.logger.info({ event: 'api_token_created', tokenId: row.id, by: createdById }, 'API token created');
  return { token, row };
}

export async function listApiTokens(ctx: AppContext) {
  return ctx.db.apiToken.findMany({ include: { createdBy: { select: { name: true } } }, orderBy: [{ revokedAt: 'asc' }, { createdAt: 'desc' }] });
}

export async function revokeApiToken(ctx: AppContext, id: string, byId: string): Promise<void> {
  const count = await ctx.db.$transaction(async (tx) => {
    const revoked = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: ctx.clock.now() } });
    if (revoked.count) await audit(ctx, tx, { action: 'api_token.revoke', targetKind: 'api_token', targetId: id });
    return revoked.count;
  });
  if (!count && !(await ctx.db.apiToken.findUnique({ where: { id } }))) throw new NotFoundError('No such API token');
  ctx.logger.info({ event: 'api_token_revoked', tokenId: id, by: byId }, 'API token revoked');
}

/** The token's id when `token` is a live token; records its use at most once a minute. */
export async function authenticateApiToken(ctx: AppContext, token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await ctx.db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { createdBy: { select: { active: true, role: true } } } });
  if (!row || row.revokedAt || !row.createdBy.active || row.createdBy.role !== 'hr_admin') return null;
  const now = ctx.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await ctx.db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - TOUCH_EVERY_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return row.id;
}
