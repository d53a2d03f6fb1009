import { renderEmail } from '../../server/domain/email/templates';
import { smtpTransport } from '../../server/domain/email/transport';
import { startSmtpServer } from '../helpers/smtp-server';

const vars = { name: 'Siti <b>', minutes: 15, link: 'https://pulse.example/login/link/abc_DEF-123', companyName: 'Acme & Co' };

describe('the sign-in link email', () => {
  it.each([
    ['en', 'Your Pulse sign-in link', 'Hello Siti <b>,', 'Sign in to Pulse'],
    ['id', 'Tautan masuk Pulse Anda', 'Halo Siti <b>,', 'Masuk ke Pulse'],
  ] as const)('renders in %s with an HTML and a text part and no remote images', (locale, subject, greeting, button) => {
    const email = renderEmail('login-link', locale, vars);
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(greeting);
    expect(email.text).toContain(vars.link);
    expect(email.text).toContain('Acme & Co');
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.html).toContain(`href="${vars.link}"`);
    expect(email.html).toContain(button);
    expect(email.html).toContain('Siti &lt;b&gt;');
    expect(email.html).toContain('Acme &amp; Co');
    expect(email.html).not.toMatch(/src\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(email.html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
  });

  it('reaches an SMTP server as multipart/alternative with both parts', async () => {
    const smtp = await startSmtpServer();
    const transport = smtpTransport(smtp.url, 1);
    try {
      const email = renderEmail('login-link', 'id', vars);
      await transport.send({ ...email, messageId: '<m1@pulse.invalid>', from: 'Pulse <pulse@acme.test>', to: 'siti@acme.test', toName: 'Siti' });
      const [mail] = smtp.received;
      expect(mail.messageId).toBe('<m1@pulse.invalid>');
      expect(mail.to).toEqual(['siti@acme.test']);
      expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
      expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
      expect(mail.raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);
      expect(mail.raw).toContain(vars.link);
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});
