/**
 * The demo's story, shared by its pulse answers (demo-results.ts) and its KPIs (demo-kpis.ts): one sales team —
 * Maya Pratama's Enterprise Sales, the team the demo manager signs in to — has a hard stretch three to four months
 * ago: its win rate, revenue and response times slip while its eNPS falls, and both recover since.
 */
export const STORY_TEAM = 'Enterprise Sales';

const WEEKS_PER_MONTH = 52 / 12;

/** How deep the slip is `monthsAgo` months before now: 1 at its worst (3.5 months ago), near 0 before 6 and after 1. */
export function storyDip(monthsAgo: number): number {
  return Math.exp(-((monthsAgo - 3.5) ** 2) / (2 * 0.9 ** 2));
}

/** The same, for a moment `weeksAgo` weeks before now (the weekly pulse rounds). */
export const storyDipWeeks = (weeksAgo: number) => storyDip(weeksAgo / WEEKS_PER_MONTH);
