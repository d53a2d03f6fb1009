/** The e2e run's setup: the template database (as for unit tests), then one browser shared by every journey. */
import globalSetup from '../helpers/global-setup';
import { BROWSER_ENDPOINT_VAR, launchChromiumServer } from './chromium';
import { e2eRun } from './run-state';

export default async function e2eGlobalSetup(): Promise<void> {
  e2eRun.startedAt = Date.now();
  await globalSetup();
  e2eRun.browser = await launchChromiumServer();
  process.env[BROWSER_ENDPOINT_VAR] = e2eRun.browser.wsEndpoint();
}
