import { loadConfig, ConfigError } from '../server/config';

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
