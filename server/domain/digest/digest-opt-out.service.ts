/**
 * Turning the weekly digest off from the digest itself, without signing in: the link carries the manager's id and
 * an HMAC of it under the app key (keyring.mac), so nobody can turn off someone else's digest. Opening the link
 * changes nothing (mail scanners open every link); its one button posts the change.
 */
import type { AppContext } from '../../context';
import { safeEqual } from '../../secrets';

const signature = (ctx: Pick<AppContext, 'keyring'>, managerId: string) => ctx.keyring.mac(`digest-off:${managerId}`);

export function optOutLink(ctx: Pick<AppContext, 'keyring' | 'config'>, managerId: string): string {
  return `${ctx.config.BASE_URL}/digest/off/${managerId}/${signature(ctx, managerId)}`;
}

export function validOptOut(ctx: Pick<AppContext, 'keyring'>, managerId: string, sig: string): boolean {
  return safeEqual(sig, signature(ctx, managerId));
}

export async function optOut(ctx: AppContext, managerId: string): Promise<void> {
  await ctx.db.digestOptOut.upsert({ where: { employeeId: managerId }, create: { employeeId: managerId }, update: {} });
}

export async function isOptedOut(ctx: AppContext, managerId: string): Promise<boolean> {
  return (await ctx.db.digestOptOut.count({ where: { employeeId: managerId } })) > 0;
}
