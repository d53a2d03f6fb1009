/**
 * The sealed form of a submitted response (SealedResponse.sealed): the team and department snapshot and the
 * answers, in a small binary layout, padded with zeros to ONE length per round and then sealed with the app's
 * answer key (server/secrets.ts). Every sealed row of a round is as long as every other, whatever was
 * answered, so not even the length of a comment links the row that shares the invitation's transaction to
 * the response it becomes when the round's answers are released (release.service.ts).
 *
 * Layout: u8 version · str8 teamId · str8 departmentId · u8 answer count · per answer: str8 questionId,
 * u8 flags (1 value, 2 choices, 4 comment), [i16 value], [str16 choices JSON], [str16 comment] · zeros.
 * str8 / str16: a u8 / u16 byte length, then UTF-8.
 */
import type { AnswerRow } from '../../db/raw/answer-store';
import { MAX_COMMENT, optionsOf, type RoundQuestionSnapshot } from './answer.schema';

const VERSION = 1;
const MAX_ID_BYTES = 255;
/** A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4). */
const MAX_COMMENT_BYTES = MAX_COMMENT * 3;

export interface SealedPayload {
  teamId: string | null;
  departmentId: string | null;
  answers: AnswerRow[];
}

/** The plaintext length of every sealed response of a round with `questions`: the longest any answer can take. */
export function sealedLength(questions: readonly Pick<RoundQuestionSnapshot, 'kind' | 'options'>[]): number {
  let n = 1 + 2 * (1 + MAX_ID_BYTES) + 1;
  for (const q of questions) {
    n += 1 + MAX_ID_BYTES + 1 + 2;
    if (q.kind === 'single' || q.kind === 'multi') n += 2 + Buffer.byteLength(JSON.stringify(optionsOf(q)), 'utf8');
    if (q.kind === 'comment') n += 2 + MAX_COMMENT_BYTES;
  }
  return n;
}

class Writer {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  private room(n: number): void {
    if (this.at + n > this.buf.length) throw new RangeError('the answer does not fit its round\'s sealed length');
  }
  u8(v: number): void {
    this.room(1);
    this.at = this.buf.writeUInt8(v, this.at);
  }
  i16(v: number): void {
    this.room(2);
    this.at = this.buf.writeInt16BE(v, this.at);
  }
  str(v: string, wide: boolean): void {
    const bytes = Buffer.from(v, 'utf8');
    if (bytes.length > (wide ? 0xffff : MAX_ID_BYTES)) throw new RangeError('a value is too long to seal');
    if (wide) {
      this.room(2);
      this.at = this.buf.writeUInt16BE(bytes.length, this.at);
    } else this.u8(bytes.length);
    this.room(bytes.length);
    this.at += bytes.copy(this.buf, this.at);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  u8(): number {
    return this.buf.readUInt8(this.at++);
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  str(wide: boolean): string {
    const n = wide ? this.buf.readUInt16BE(this.at) : this.buf.readUInt8(this.at);
    this.at += wide ? 2 : 1;
    if (this.at + n > this.buf.length) throw new RangeError('sealed answer is truncated');
    const s = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }
}

/** `payload` laid out and zero-padded to exactly `length` bytes. */
export function encodePayload(payload: SealedPayload, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const w = new Writer(buf);
  w.u8(VERSION);
  w.str(payload.teamId ?? '', false);
  w.str(payload.departmentId ?? '', false);
  w.u8(payload.answers.length);
  for (const a of payload.answers) {
    w.str(a.questionId, false);
    w.u8((a.value !== null ? 1 : 0) | (a.choices !== null ? 2 : 0) | (a.comment !== null ? 4 : 0));
    if (a.value !== null) w.i16(a.value);
    if (a.choices !== null) w.str(a.choices, true);
    if (a.comment !== null) w.str(a.comment, true);
  }
  return buf;
}

/** The payload encodePayload laid out (the padding is ignored). */
export function decodePayload(buf: Buffer): SealedPayload {
  const r = new Reader(buf);
  if (r.u8() !== VERSION) throw new Error('unknown sealed answer version');
  const teamId = r.str(false) || null;
  const departmentId = r.str(false) || null;
  const count = r.u8();
  const answers: AnswerRow[] = [];
  for (let i = 0; i < count; i++) {
    const questionId = r.str(false);
    const flags = r.u8();
    answers.push({
      questionId,
      value: flags & 1 ? r.i16() : null,
      choices: flags & 2 ? r.str(true) : null,
      comment: flags & 4 ? r.str(true) : null,
    });
  }
  return { teamId, departmentId, answers };
}
