import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { buildEmployee, buildTeam } from '../factories';
import { closeAndRelease, openTestRound } from './round-helpers';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const complete = { q1: '9', q2: '4', q3: '1', q4: ['0', '2'], q5: 'More focus time' };

async function oneLink(locale: 'en' | 'id' = 'en') {
  const team = await buildTeam(t.ctx.db);
  const person = await buildEmployee(t.ctx.db, { teamId: team.id, locale, timeZone: 'Asia/Jakarta' });
  const { roundId, links } = await openTestRound(t.ctx);
  return { roundId, link: links.get(person.id)!, team };
}

describe('the answer page', () => {
  it('shows an accessible form with every kind of question, without referrer or third-party resources', async () => {
    const { link } = await oneLink();
    const res = await request(t.app).get(link);
    expect(res.status).toBe(200);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\/(?!pulse\.test)/);
    expect(res.text).not.toContain('<script');
    expect((res.text.match(/<fieldset/g) ?? []).length).toBe(5);
    expect((res.text.match(/type="radio" id="q1-/g) ?? []).length).toBe(10);
    expect(res.text).toContain('id="q1-1"');
    expect(res.text).toContain('Strongly disagree');
    expect(res.text).toContain('Strongly agree');
    expect((res.text.match(/type="checkbox" name="q4"|type="checkbox" id="q4-/g) ?? []).length).toBe(3);
    expect(res.text).toContain('<textarea id="q5-text" name="q5"');
    expect(res.text).toContain('(required)');
    expect(res.text).toContain('stored without your name or email');
    expect(res.text).toContain('7 Mar 2026'); // the deadline in the person's zone
  });

  it('speaks the invitation language, with the Indonesian wording, and switches with ?lang=', async () => {
    const { link } = await oneLink('id');
    const id = await request(t.app).get(link);
    expect(id.text).toContain('<html lang="id">');
    expect(id.text).toContain('Seberapa besar kemungkinan Anda merekomendasikan Acme?');
    expect(id.text).toContain('Sangat tidak setuju');
    const en = await request(t.app).get(`${link}?lang=en`);
    expect(en.text).toContain('How likely are you to recommend Acme as a place to work?');
    expect(en.text).toContain('name="lang" value="en"');
  });

  it('says in Indonesian what is shown in English because it is not translated, never silently', async () => {
    const { link } = await oneLink('id');
    const id = await request(t.app).get(link);
    // The eNPS question has Indonesian wording: no note on it; the multiple choice (options in one language) has one.
    const fieldsets = id.text.split('<fieldset').slice(1);
    const notes = fieldsets.map((f) => f.includes('Ditampilkan dalam bahasa Inggris: belum diterjemahkan.'));
    expect(notes[0]).toBe(false);
    expect(notes[3]).toBe(true);
    expect(id.text).toContain('Judul dan pengantar survei ditampilkan sebagaimana ditulis oleh HR');
    expect(fieldsets[0]).toContain('<span lang="id">Seberapa besar');
    const en = await request(t.app).get(`${link}?lang=en`);
    expect(en.text).not.toContain('not yet translated');
  });

  it('offers 0 to 10 when the eNPS question uses that scale', async () => {
    await buildEmployee(t.ctx.db);
    const { links } = await openTestRound(t.ctx, { questions: [{ kind: 'enps', enpsScale: '0-10' }] });
    const res = await request(t.app).get([...links.values()][0]);
    expect((res.text.match(/type="radio"/g) ?? []).length).toBe(11);
    expect(res.text).toContain('id="q1-0"');
  });

  it('never spends a link on GET or HEAD', async () => {
    const { link, roundId } = await oneLink();
    for (let i = 0; i < 3; i++) expect((await request(t.app).get(link)).status).toBe(200);
    expect((await request(t.app).head(link)).status).toBe(200);
    expect(await t.ctx.db.sealedResponse.count()).toBe(0);
    expect((await t.ctx.db.invitation.findFirstOrThrow({ where: { roundId } })).answered).toBe(false);
    expect((await request(t.app).post(link).type('form').send(complete)).status).toBe(200);
  });

  it('stores the answers sealed, released with the team snapshot only once the round closes, and thanks the person', async () => {
    const { link, roundId, team } = await oneLink();
    clock.set('2026-03-03T23:59:00Z');
    const res = await request(t.app).post(link).type('form').send(complete);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Thank you!');
    // While the round is open the answers exist only sealed: nothing readable shares the spend's transaction.
    expect(await t.ctx.db.response.count()).toBe(0);
    const [sealed] = await t.ctx.db.sealedResponse.findMany({ where: { roundId } });
    expect(Buffer.from(sealed.sealed).includes(Buffer.from('More focus time'))).toBe(false);
    expect(Buffer.from(sealed.sealed).includes(Buffer.from(team.id))).toBe(false);
    const invitation = await t.ctx.db.invitation.findFirstOrThrow({ where: { roundId } });
    expect(invitation).toMatchObject({ answered: true, tokenCipher: null });
    const again = await request(t.app).get(link);
    expect(again.text).toContain('You have already answered');

    expect(await closeAndRelease(t.ctx, roundId)).toBe(1);
    expect(await t.ctx.db.sealedResponse.count()).toBe(0);
    const response = await t.ctx.db.response.findFirstOrThrow({ include: { answers: { include: { question: true } } } });
    expect(response).toMatchObject({ roundId, teamId: team.id, departmentId: team.departmentId });
    expect(Object.keys(response).sort()).toEqual(['answers', 'departmentId', 'id', 'roundId', 'teamId']);
    const byPosition = Object.fromEntries(response.answers.map((a) => [a.question.position, a]));
    expect(byPosition[1].value).toBe(9);
    expect(byPosition[2].value).toBe(4);
    expect(JSON.parse(byPosition[3].choices!)).toEqual(['Busy']);
    expect(JSON.parse(byPosition[4].choices!)).toEqual(['My team', 'Tools']);
    expect(byPosition[5].comment).toBe('More focus time');
    const round = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
    expect(round.respondedCount).toBe(1);
  });

  it('skips optional questions left empty', async () => {
    const { link, roundId } = await oneLink();
    const res = await request(t.app).post(link).type('form').send({ q1: '3', q2: '1', q3: '0', q5: '   ' });
    expect(res.status).toBe(200);
    await closeAndRelease(t.ctx, roundId);
    expect(await t.ctx.db.answer.count()).toBe(3);
  });

  it('says which questions need an answer and keeps what was typed and chosen', async () => {
    const { link } = await oneLink();
    const res = await request(t.app).post(link).type('form').send({ q1: '11', q3: '1', q4: ['2'], q5: 'Typed <b>text</b>' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Question 1: Choose one of the options');
    expect(res.text).toContain('Question 2: Answer this question');
    expect(res.text).toMatch(/<fieldset id="q2" aria-describedby="q2-error">/);
    expect(res.text).toContain('<p class="error" id="q2-error">Answer this question</p>');
    expect(res.text).toMatch(/id="q2-1" name="q2" value="1" required aria-invalid="true" aria-describedby="q2-error"/);
    expect(res.text).toMatch(/id="q3-1" name="q3" value="1" checked/);
    expect(res.text).toMatch(/id="q4-2" name="q4" value="2" checked/);
    expect(res.text).toContain('>Typed &lt;b&gt;text&lt;/b&gt;</textarea>');
    expect(await t.ctx.db.sealedResponse.count()).toBe(0);
    expect((await request(t.app).post(link).type('form').send(complete)).status).toBe(200);
  });

  it('refuses a choice outside the options or a second pick for a single choice', async () => {
    const { link } = await oneLink();
    const res = await request(t.app).post(link).type('form').send({ ...complete, q3: ['0', '1'], q4: ['7'] });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Question 3: Choose one of the options');
    expect(res.text).toContain('Question 4: Choose one of the options');
  });

  it('stores exactly one response when one link is posted 50 times at once', async () => {
    const { link, roundId } = await oneLink();
    const results = await Promise.all(Array.from({ length: 50 }, () => request(t.app).post(link).type('form').send(complete)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)?.text).toContain('You have already answered');
    expect(await t.ctx.db.sealedResponse.count()).toBe(1);
    expect(await closeAndRelease(t.ctx, roundId)).toBe(1);
    expect(await t.ctx.db.response.count()).toBe(1);
    expect(await t.ctx.db.answer.count()).toBe(5);
    expect((await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(1);
  });

  it('answers unknown links with 404 and links of a closed round with 410, never an error', async () => {
    const { link } = await oneLink();
    expect((await request(t.app).get('/s/not-a-token')).status).toBe(404);
    const unknown = await request(t.app).get(`/s/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('This link does not work');
    expect((await request(t.app).post(`/s/${'A'.repeat(43)}`).type('form').send(complete)).status).toBe(404);
    clock.set('2026-03-07T09:00:00Z');
    const closed = await request(t.app).get(link);
    expect(closed.status).toBe(410);
    expect(closed.text).toContain('This survey is closed');
    expect((await request(t.app).post(link).type('form').send(complete)).status).toBe(410);
    expect(await t.ctx.db.sealedResponse.count()).toBe(0);
  });
});
