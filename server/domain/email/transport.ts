/**
 * Where emails go: SMTP through a pooled nodemailer transport when SMTP_URL is set, otherwise the local
 * mailbox table that HR admins can read at /admin/mailbox (for trying Pulse without a mail server).
 */
import nodemailer from 'nodemailer';
import type { Db } from '../../db/client';
import { systemClock, type Clock } from '../../clock';
import { isUniqueViolation } from '../../db/errors';
import type { RenderedEmail } from './templates';

export interface Envelope extends RenderedEmail {
  messageId: string;
  from: string;
  /** The bare address. */
  to: string;
  toName?: string;
  replyTo?: string;
  /** The outbox template, and the round an invitation or reminder belongs to (the mailbox keeps both). */
  template?: string;
  roundId?: string | null;
}

/** How a failed send is treated: retried later, or given up on. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface MailTransport {
  send(envelope: Envelope): Promise<void>;
  close(): void;
}

/**
 * Sorts nodemailer's failures: SMTP 5xx replies and addresses nodemailer refuses (EENVELOPE) are permanent;
 * everything else (4xx, timeouts, dropped connections) is transient and retried.
 */
export function classifySmtpError(err: unknown): SendError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const permanent = typeof e.responseCode === 'number' ? e.responseCode >= 500 : e.code === 'EENVELOPE';
  const what = e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'error');
  return new SendError(`${what}: ${(e.message ?? String(err)).slice(0, 300)}`, permanent);
}

/** How long the SMTP client waits for a connection, the greeting, and any reply (fault tests shorten them). */
export interface SmtpTimeouts {
  connectionMs?: number;
  greetingMs?: number;
  socketMs?: number;
}

export function smtpTransport(url: string, poolSize: number, timeouts: SmtpTimeouts = {}): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: poolSize,
    maxMessages: 100,
    connectionTimeout: timeouts.connectionMs ?? 10_000,
    greetingTimeout: timeouts.greetingMs ?? 10_000,
    socketTimeout: timeouts.socketMs ?? 30_000,
  });
  return {
    async send(env) {
      try {
        await transporter.sendMail({
          messageId: env.messageId,
          from: env.from,
          to: env.toName ? { name: env.toName, address: env.to } : env.to,
          replyTo: env.replyTo,
          subject: env.subject,
          html: env.html,
          text: env.text,
          // The inline text/calendar alternative Outlook reads (nodemailer also attaches it as invite.ics);
          // its method must equal the body's METHOD, and nodemailer's default (PUBLISH) is not an invitation.
          ...(env.calendar ? { icalEvent: { method: env.calendar.method, content: env.calendar.content, filename: 'invite.ics' } } : {}),
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close: () => transporter.close(),
  };
}

/**
 * The local mailbox (no SMTP_URL): every message is kept in MailboxMessage for HR admins to read. Personal survey
 * links are deleted when their round closes, sign-in links once they expire (mailbox.service.ts); production
 * refuses to start in this mode unless the operator opts in (config.ts).
 */
export function mailboxTransport(db: Db, clock: Clock = systemClock): MailTransport {
  return {
    async send(env) {
      try {
        await db.mailboxMessage.create({
          data: {
            messageId: env.messageId,
            template: env.template ?? '',
            roundId: env.roundId ?? null,
            toAddress: env.to,
            subject: env.subject,
            html: env.html,
            text: env.text,
            calendar: env.calendar?.content ?? null,
            createdAt: clock.now(),
          },
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw new SendError(String(err), false); // already delivered: fine
      }
    },
    close: () => undefined,
  };
}
