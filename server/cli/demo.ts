/**
 * `npm run demo`: Pulse with a sample organisation in its own database (data/demo.db unless DATABASE_URL
 * says otherwise), so trying it never touches real data. Sign-in details are printed at start.
 */
import { failStart, runServer } from '../main';
import { DEMO_HR_EMAIL, DEMO_PASSWORD, seedDemoOrg } from '../domain/demo/demo-org';
import { seedDemoSurveyHistory } from '../domain/demo/demo-results';
import { startDemoPulse } from '../domain/demo/demo-schedule';
import { seedDemoOneOnOnes } from '../domain/demo/demo-one-on-ones';
import { seedDemoKpis } from '../domain/demo/demo-kpis';

const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'file:./data/demo.db' };
runServer(env, async (ctx) => {
  const seeded = await seedDemoOrg(ctx);
  if (seeded) {
    await seedDemoSurveyHistory(ctx);
    await seedDemoKpis(ctx);
    await startDemoPulse(ctx);
    await seedDemoOneOnOnes(ctx);
  }
  console.log(
    `\nPulse demo (${seeded ? 'sample organisation created' : 'existing demo data'}): ${ctx.config.BASE_URL}\n` +
      `  HR admin: ${DEMO_HR_EMAIL} / ${DEMO_PASSWORD}\n  Manager:  manager@demo.pulse.test / ${DEMO_PASSWORD}\n`,
  );
}).catch(failStart);
