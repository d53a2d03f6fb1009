/**
 * Email templates: views/emails/<name>.html.hbs and <name>.text.hbs inside views/emails/layout.*.hbs;
 * the subject is the translation `email.<name>.subject`. HTML uses inline styles and no remote images.
 */
import { t, type Locale } from '../../i18n/i18n';
import { ViewRenderer } from '../../http/views';
import { renderCalendar, type CalendarInvite, type CalendarPart } from './icalendar';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** A calendar invitation (the inline text/calendar part), when the outbox row's data carries `calendar`. */
  calendar?: CalendarPart;
  /** Extra header fields: every Pulse email is Auto-Submitted (RFC 3834); a reminder adds its one-click opt-out. */
  headers?: Record<string, string>;
}

/**
 * The header fields of an email: `Auto-Submitted: auto-generated` (so auto-responders stay quiet), and, when the
 * variables carry an `unsubscribe` link (reminders), `List-Unsubscribe` with RFC 8058's one-click POST.
 */
export function emailHeaders(vars: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
  if (typeof vars.unsubscribe === 'string') {
    headers['List-Unsubscribe'] = `<${vars.unsubscribe}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}

const renderer = new ViewRenderer();

export function renderEmail(template: string, locale: Locale, vars: Record<string, unknown>): RenderedEmail {
  const locals = { ...vars, locale };
  const email: RenderedEmail = {
    subject: t(locale, `email.${template}.subject`, vars),
    html: renderer.render(`emails/${template}.html`, locals, 'emails/layout.html'),
    text: renderer.render(`emails/${template}.text`, locals, 'emails/layout.text'),
    headers: emailHeaders(vars),
  };
  if (vars.calendar) email.calendar = renderCalendar(vars.calendar as CalendarInvite);
  return email;
}
