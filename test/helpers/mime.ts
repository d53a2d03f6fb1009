/**
 * Reading the parts of a received message (its `source`, as the test SMTP server received it): enough MIME to
 * find a part by its content type and decode its body (base64, quoted-printable or 7bit).
 */
import { decodeQuotedPrintable } from './smtp-server';

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([\w-]+):\s*(.*)$/.exec(line);
    if (m) headers[m[1].toLowerCase()] = m[2];
  }
  return headers;
}

/** Every leaf part of `raw`, multipart containers walked through. */
export function mimeParts(raw: string): MimePart[] {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary || !/^multipart\//i.test(headers['content-type'] ?? '')) {
    const cte = headers['content-transfer-encoding'] ?? '';
    const decoded = /base64/i.test(cte)
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : /quoted-printable/i.test(cte)
        ? Buffer.from(decodeQuotedPrintable(body), 'latin1').toString('utf8')
        : body;
    return [{ headers, body: decoded }];
  }
  const pieces = body.split(`--${boundary}`).slice(1);
  return pieces.filter((p) => !p.startsWith('--')).flatMap((p) => mimeParts(p.replace(/^\r?\n/, '')));
}

/** The inline text/calendar part (not the invite.ics attachment), or undefined. */
export function calendarPart(raw: string): MimePart | undefined {
  return mimeParts(raw).find((p) => /^text\/calendar/i.test(p.headers['content-type'] ?? '') && !/attachment/i.test(p.headers['content-disposition'] ?? ''));
}
