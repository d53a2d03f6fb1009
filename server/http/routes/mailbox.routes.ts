/**
 * /admin/mailbox: the local mailbox for installs without SMTP_URL (HR admins only). The HTML part of a
 * message is served on its own URL under a CSP that allows no script, no remote resource and no framing.
 */
import { Router, type Response } from 'express';
import type { AppContext } from '../../context';
import { getMailboxMessage, listMailbox, readMailboxMessage, textWithLinks } from '../../domain/email/mailbox.service';
import { requireRole, requireSignedIn } from '../middleware/authorize';

/** Sign-in links in these pages carry tokens: keep them out of caches and Referer headers. */
function keepPrivate(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export const EMAIL_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function mailboxRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/admin/mailbox', requireSignedIn, requireRole('hr_admin'));

  router.get('/admin/mailbox', async (_req, res) => {
    const { messages, total } = await listMailbox(ctx);
    keepPrivate(res);
    res.render('pages/mailbox/index', { messages, total, shown: messages.length, smtpConfigured: !!ctx.config.SMTP_URL });
  });

  router.get('/admin/mailbox/:id', async (req, res) => {
    const message = await readMailboxMessage(ctx, String(req.params.id));
    keepPrivate(res);
    res.render('pages/mailbox/show', { message, textParts: textWithLinks(message.text, ctx.config.BASE_URL), smtpConfigured: !!ctx.config.SMTP_URL });
  });

  router.get('/admin/mailbox/:id/html', async (req, res) => {
    const message = await getMailboxMessage(ctx, String(req.params.id));
    keepPrivate(res);
    res.setHeader('Content-Security-Policy', EMAIL_HTML_CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    res.type('html').send(message.html);
  });

  router.get('/admin/mailbox/:id/invite.ics', async (req, res) => {
    const message = await getMailboxMessage(ctx, String(req.params.id));
    if (!message.calendar) return res.status(404).type('text').send('No calendar invitation');
    keepPrivate(res);
    const method = /^METHOD:(\w+)/m.exec(message.calendar)?.[1] ?? 'REQUEST';
    res.attachment('invite.ics');
    res.set('Content-Type', `text/calendar; charset=utf-8; method=${method}`).send(message.calendar);
  });
  return router;
}
