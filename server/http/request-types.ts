import type { SignedIn } from '../domain/auth/sessions.service';
import type { Locale } from '../i18n/i18n';
import type { Attempt } from '../domain/auth/attempts.service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in person, when the request carries a valid session cookie. */
      auth?: SignedIn;
      /** The API token's id, on /api/v1 requests authenticated by a bearer token. */
      apiTokenId?: string;
      locale: Locale;
      cookies: Record<string, string | undefined>;
      /** Set by the CSRF middleware: the token forms must send back as `_csrf`. */
      csrfToken: string;
      /** Set by failureLimit: this attempt, counted until the handler says it succeeded. */
      attempt?: Attempt;
    }
  }
}
export {};
