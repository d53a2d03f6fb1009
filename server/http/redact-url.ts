/**
 * Secret tokens out of logged URLs (ASVS 16.2.5). Express routes ignore case, so `/Login/Link/<token>` signs in
 * like `/login/link/<token>`: the token-carrying prefixes are matched in any case, anywhere in the URL (a
 * `next=` parameter included), and any other run of 40 or more token characters (a token is 43; a UUID, which
 * logs keep for tracing, is 36) is cut too, whatever path it came on.
 */
const TOKEN_PATH = /\/(login\/link|s)\/[^/?#&]+/gi;
const LONG_RUN = /[A-Za-z0-9_-]{40,}/g;

export function redactUrl(url: string): string {
  return url.replace(TOKEN_PATH, (_m, prefix: string) => `/${prefix}/[token]`).replace(LONG_RUN, '[token]');
}
