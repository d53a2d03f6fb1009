/**
 * Notes. Shared notes belong to the meeting and both people write them; a save that started from an older
 * version than the stored one is refused (ConflictError with the stored text), so neither loses the other's
 * words. A private note is its author's alone: sealed at rest with a key of its own derived from APP_SECRET,
 * bound to (meeting, author), read only through privateNoteOf for the author themself; it is never in a list,
 * a search, an email, an export, the API or a log.
 */
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { meetingForMember } from './access';

const PRIVATE = 'one-on-one-private-notes';
const contextOf = (meetingId: string, authorId: string) => `${meetingId}:${authorId}`;

/** The sealed form of a private note, as stored (also for seeding demo and benchmark data in bulk). */
export function sealPrivateNote(ctx: Pick<AppContext, 'keyring'>, meetingId: string, authorId: string, text: string): string {
  return ctx.keyring.boxFor(PRIVATE).seal(text, contextOf(meetingId, authorId));
}

/** A shared-notes save over a newer version: carries the stored text so the page can show both. */
export class NotesConflictError extends AppError {
  constructor(
    readonly current: string,
    readonly version: number,
  ) {
    super('Someone else saved these notes meanwhile', 409, 'conflict');
  }
}

export async function saveSharedNotes(ctx: AppContext, viewerId: string, meetingId: string, text: string, version: number): Promise<number> {
  const { meeting } = await meetingForMember(ctx, meetingId, viewerId);
  const { count } = await ctx.db.oneOnOneMeeting.updateMany({ where: { id: meeting.id, notesVersion: version }, data: { sharedNotes: text, notesVersion: version + 1 } });
  if (count !== 1) {
    const now = await ctx.db.oneOnOneMeeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { sharedNotes: true, notesVersion: true } });
    throw new NotesConflictError(now.sharedNotes, now.notesVersion);
  }
  return version + 1;
}

/** The author's own private note on the meeting ('' when none). Nobody else's is ever read. */
export async function privateNoteOf(ctx: AppContext, authorId: string, meetingId: string): Promise<string> {
  const { meeting } = await meetingForMember(ctx, meetingId, authorId);
  const row = await ctx.db.oneOnOnePrivateNote.findUnique({ where: { meetingId_authorId: { meetingId: meeting.id, authorId } }, select: { cipher: true } });
  return row ? ctx.keyring.boxFor(PRIVATE).open(row.cipher, contextOf(meeting.id, authorId)) : '';
}

/** Stores the author's private note (an empty text removes it). */
export async function savePrivateNote(ctx: AppContext, authorId: string, meetingId: string, text: string): Promise<void> {
  const { meeting } = await meetingForMember(ctx, meetingId, authorId);
  const key = { meetingId_authorId: { meetingId: meeting.id, authorId } };
  if (text.trim() === '') {
    await ctx.db.oneOnOnePrivateNote.deleteMany({ where: { meetingId: meeting.id, authorId } });
    return;
  }
  const cipher = sealPrivateNote(ctx, meeting.id, authorId, text);
  await ctx.db.oneOnOnePrivateNote.upsert({ where: key, create: { meetingId: meeting.id, authorId, cipher }, update: { cipher } });
}
