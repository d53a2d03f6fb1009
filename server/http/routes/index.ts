import type { Express } from 'express';
import type { AppContext } from '../../context';

/** Mounts each capability's routes (directory, API, mailbox, surveys…). One line per capability. */
export function registerFeatureRoutes(app: Express, ctx: AppContext): void {
  void app;
  void ctx;
}
