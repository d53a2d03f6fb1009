// Every test process: quiet logs and a fixed secret; the database comes from test-db.ts, never DATABASE_URL.
process.env.LOG_LEVEL ??= 'silent';
process.env.APP_SECRET ??= 'test-secret-0123456789abcdef0123456789abcdef';
process.env.NODE_ENV = 'test';
delete process.env.DATABASE_URL;
delete process.env.SMTP_URL;
