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
}

const renderer = new ViewRenderer();

export function renderEmail(template: string, locale: Locale, vars: Record<string, unknown>): RenderedEmail {
  const locals = { ...vars, locale };
  const email: RenderedEmail = {
    subject: t(locale, `email.${template}.subject`, vars),
    html: renderer.render(`emails/${template}.html`, locals, 'emails/layout.html'),
    text: renderer.render(`emails/${template}.text`, locals, 'emails/layout.text'),
  };
  if (vars.calendar) email.calendar = renderCalendar(vars.calendar as CalendarInvite);
  return email;
}
