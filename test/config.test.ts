import { configWarnings, loadConfig, ConfigError } from '../server/config';

describe('configuration', () => {
  it('needs nothing on a laptop: SQLite in ./data, port 3000, local mailbox', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('file:./data/pulse.db');
    expect(c.PORT).toBe(3000);
    expect(c.BASE_URL).toBe('http://localhost:3000');
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.SECURE_COOKIES).toBe(false);
  });

  it('names every wrong variable and says how to fix it', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'mail.example.com' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'mail.example.com' });
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain('PORT:');
      expect(msg).toContain('DATABASE_URL: must start with file: (SQLite) or postgresql:// (PostgreSQL)');
      expect(msg).toContain('SMTP_URL: must look like smtp://');
    }
  });

  it('requires a strong APP_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/APP_SECRET: required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', APP_SECRET: 'short' })).toThrow(/APP_SECRET: must be at least 32 characters/);
  });

  it('marks cookies Secure when the public address is https', () => {
    expect(loadConfig({ BASE_URL: 'https://pulse.example.com/' }).SECURE_COOKIES).toBe(true);
    expect(loadConfig({ BASE_URL: 'https://pulse.example.com/' }).BASE_URL).toBe('https://pulse.example.com');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ SMTP_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});

describe('start-up warnings', () => {
  const smtp = 'smtp://mail.acme.test:587';

  it('names BASE_URL and MAIL_FROM when they are still on localhost while SMTP sends real emails', () => {
    const warnings = configWarnings(loadConfig({ SMTP_URL: smtp }));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^BASE_URL is http:\/\/localhost:3000, on localhost/);
    expect(warnings[1]).toMatch(/^MAIL_FROM is "Pulse <pulse@localhost>"/);
    expect(configWarnings(loadConfig({ SMTP_URL: smtp, BASE_URL: 'http://127.0.0.1:8080', MAIL_FROM: 'Pulse <pulse@acme.test>' }))).toEqual([
      expect.stringMatching(/^BASE_URL is http:\/\/127\.0\.0\.1:8080/),
    ]);
    expect(configWarnings(loadConfig({ SMTP_URL: smtp, BASE_URL: 'https://pulse.acme.test', MAIL_FROM: 'pulse@app.localhost' }))).toEqual([
      expect.stringMatching(/^MAIL_FROM is "pulse@app\.localhost"/),
    ]);
  });

  it('says nothing when both are real, or when emails stay in the built-in mailbox', () => {
    expect(configWarnings(loadConfig({ SMTP_URL: smtp, BASE_URL: 'https://pulse.acme.test', MAIL_FROM: 'Pulse <pulse@acme.test>' }))).toEqual([]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });

  it('checks MAIL_REPLY_TO is an address', () => {
    expect(() => loadConfig({ MAIL_REPLY_TO: 'hr desk' })).toThrow(/MAIL_REPLY_TO: must be an email address/);
    expect(loadConfig({ MAIL_REPLY_TO: 'hr@acme.test' }).MAIL_REPLY_TO).toBe('hr@acme.test');
  });
});
