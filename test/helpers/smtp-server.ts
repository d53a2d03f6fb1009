/**
 * A real SMTP server inside the test process (the `smtp-server` package) that records every message it
 * accepts, so tests count deliveries at the server. `onData` can be replaced to inject faults.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message with quoted-printable undone everywhere (for finding links and text). */
  raw: string;
  /** The message as received, byte for byte (for reading MIME parts). */
  source: string;
  messageId: string;
  subject: string;
}

export type Verdict = 'accept' | { code: number; message: string } | 'hang' | 'drop' | 'accept-then-drop';

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** Connection errors seen (clients that died mid-message). */
  connectionErrors: string[];
  /**
   * Decide per message: accept (default), answer with an SMTP error code, hang (never reply), or close the
   * connection without replying: 'drop' loses the message, 'accept-then-drop' keeps it (the sender cannot
   * tell it was delivered).
   */
  behaviour: (mail: ReceivedMail, index: number) => Verdict;
  /** The decoded text of the last message sent to `to`. */
  lastTo(to: string): ReceivedMail | undefined;
  close(): Promise<void>;
}

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return m ? m[1].replace(/\r?\n[ \t]/g, ' ').trim() : '';
}

/** Undoes quoted-printable soft line breaks and escapes, so links can be found in the body. */
export function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export async function startSmtpServer(): Promise<TestSmtp> {
  let count = 0;
  const state: TestSmtp = {
    url: '',
    received: [],
    connectionErrors: [],
    behaviour: () => 'accept',
    lastTo: (to) => [...state.received].reverse().find((m) => m.to.includes(to.toLowerCase())),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets.values()) socket.destroy(); // hung connections would hold close() for 30 s
        server.close(() => resolve());
      }),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err: Error) => state.connectionErrors.push(err.message));
      stream.on('end', () => {
        const source = Buffer.concat(chunks).toString('utf8');
        const raw = decodeQuotedPrintable(source);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          source,
          messageId: header(raw, 'Message-ID'),
          subject: header(raw, 'Subject'),
        };
        const verdict = state.behaviour(mail, count++);
        if (verdict === 'hang') return;
        if (verdict === 'drop' || verdict === 'accept-then-drop') {
          if (verdict === 'accept-then-drop') state.received.push(mail);
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        if (verdict === 'accept') {
          state.received.push(mail);
          return callback();
        }
        const err = new Error(verdict.message) as Error & { responseCode: number };
        err.responseCode = verdict.code;
        callback(err);
      });
    },
  });
  // The client's port → its socket, so a verdict can cut one connection.
  const sockets = new Map<number, Socket>();
  const net = (server as unknown as { server: { address(): AddressInfo; on(e: 'connection', l: (s: Socket) => void): void } }).server;
  net.on('connection', (socket) => {
    const port = socket.remotePort as number;
    sockets.set(port, socket);
    socket.on('close', () => sockets.delete(port));
  });
  // Clients that die mid-message (the fault tests kill senders on purpose) reset their connections: that is
  // expected here, and must not surface as an unhandled 'error' event that fails the test run.
  server.on('error', (err: Error) => state.connectionErrors.push(err.message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = net.address().port;
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}
