/**
 * Email templates: views/emails/<name>.html.hbs and <name>.text.hbs inside views/emails/layout.*.hbs;
 * the subject is the translation `email.<name>.subject`. HTML uses inline styles and no remote images.
 */
import { t, type Locale } from '../../i18n/i18n';
import { ViewRenderer } from '../../http/views';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const renderer = new ViewRenderer();

export function renderEmail(template: string, locale: Locale, vars: Record<string, unknown>): RenderedEmail {
  const locals = { ...vars, locale };
  return {
    subject: t(locale, `email.${template}.subject`, vars),
    html: renderer.render(`emails/${template}.html`, locals, 'emails/layout.html'),
    text: renderer.render(`emails/${template}.text`, locals, 'emails/layout.text'),
  };
}
