import { describe, expect, it } from 'vitest';
import { json, newUser, uploadCsv } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { trainVersion } from '../support/seed';

const intents = {
  refund: { words: ['refund', 'charged', 'twice', 'money'], priority: 'high', done: 'We have started your refund' },
  login: { words: ['password', 'login', 'locked', 'account'], priority: 'medium', done: 'We have reset your login' },
  shipping: { words: ['parcel', 'late', 'delivery', 'tracking'], priority: 'low', done: 'We have chased your parcel' },
} as const;
const greetings = ['Dear customer', 'Hi there', 'Hello'];
const channels = ['email', 'chat', 'phone'];
const openers = ['hello', 'please', 'help', 'today', 'again', 'thanks', 'urgent', 'sorry', 'quick'];
const closings = ['Kind regards', 'Best wishes', 'Many thanks', 'Take care', 'All the best', 'Speak soon', 'With thanks', 'Warm regards', 'Cheers'];

/**
 * Support tickets as Ludwig's founding example has them (generated here): the ticket's words decide
 * the intent, the intent the priority, and the channel, the intent, the priority and the ticket's
 * first word the drafted reply. 81 distinct replies of 15 words in 150 rows: prose, not a label.
 */
function ticketsCsv(rows: number): string {
  const names = Object.keys(intents) as (keyof typeof intents)[];
  const lines = ['ticket_text,channel,intent,priority,reply'];
  for (let i = 0; i < rows; i++) {
    const intent = names[i % 3];
    const channel = Math.floor(i / 3) % 3;
    const opener = Math.floor(i / 9) % 9;
    const { words, priority, done } = intents[intent];
    const text = [openers[opener], 'my', words[i % words.length], 'is', words[(i + 1) % words.length]].join(' ');
    const reply = `${greetings[channel]} . ${done} . You will hear from us ${priority === 'high' ? 'today' : 'this week'} . ${closings[opener]} .`;
    lines.push(`${text},${channels[channel]},${intent},${priority},${reply}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The ticket journey: three targets picked in the browser (intent, priority, a drafted reply), no config written, a reply written in the playground and over /predict. */
describe('ticket journey: predict the intent and the priority, and draft the reply', () => {
  const browser = useBrowser();

  it('picks three columns to predict in the train panel, trains, and drafts a reply in the playground and over /predict', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, ticketsCsv(150), 'tickets.csv');
    const { page } = await signedInPage(browser(), member.email, member.password);
    const shot = (step: string) => shoot(page, 'tickets', step);

    await page.goto(`/datasets/${dataset.id}`);
    await page.getByLabel('Column to predict').selectOption('intent');
    await page.getByRole('button', { name: 'Predict another column too' }).click();
    await page.getByLabel('Also predict (2)').selectOption('priority');
    await page.getByRole('button', { name: 'Predict another column too' }).click();
    // The first target is no longer offered again.
    expect(await page.getByLabel('Also predict (3)').locator('option[value="intent"]').count()).toBe(0);
    await page.getByLabel('Also predict (3)').selectOption('reply');
    await page.getByText('category, category, text columns; every other useful column becomes an input.').waitFor();
    await shot('01-three-targets');
    await page.getByRole('button', { name: 'Review the config first' }).click();
    await page.waitForURL(/\/models\/[0-9a-f-]{36}\/versions\/[0-9a-f-]{36}$/);
    const [, modelId, versionId] = /\/models\/([0-9a-f-]{36})\/versions\/([0-9a-f-]{36})$/.exec(page.url())!;

    // The auto-config has the three outputs, the reply a bare text output (Ludwig's generator decoder).
    const version = await json(await member.api.get(`/api/models/${modelId}/versions/${versionId}`), 200);
    expect(version.config).toMatch(/output_features:\n {2}- name: intent\n {4}type: category\n {2}- name: priority\n {4}type: category\n {2}- name: reply\n {4}type: text\n/);
    const config = (version.config as string).replace(/^trainer:\n/m, 'trainer:\n  epochs: 30\n');
    const short = await json(await member.api.post(`/api/models/${modelId}/versions`, { data: { config, parentVersionId: versionId, message: '30 epochs' } }), 201);
    const run = await trainVersion(member.api, short.versionId);
    expect(run.status).toBe('completed');
    await json(await member.api.post('/api/deployments', { data: { name: 'tickets-e2e', runId: run.id } }), 201);

    await page.goto('/deployments/tickets-e2e');
    const text = page.locator('textarea#input-ticket_text');
    await text.waitFor();
    await text.fill('hello refund please charged twice');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-reply').waitFor({ timeout: 30_000 });
    const vocabulary = new Set(ticketsCsv(150).trim().split('\n').slice(1).flatMap((line) => line.split(',')[4].split(' ')));
    const drafted = (await page.getByTestId('prediction-reply').textContent())!.trim();
    expect(drafted.split(' ').length).toBeGreaterThan(3);
    expect(drafted.split(' ').filter((w) => !vocabulary.has(w))).toEqual([]);
    expect(await page.getByTestId('tags-reply').locator('tbody tr').count()).toBe(drafted.split(' ').length);
    expect(await page.getByTestId('prediction-intent').textContent()).toBe('refund');
    await shot('02-playground-reply');

    // An engineer's call: the reply as text, its tokens and their probabilities.
    const answer = await json(await member.api.post('/predict/tickets-e2e', { data: { instances: [{ ticket_text: 'my parcel is late again', channel: 'chat' }] } }), 200);
    const [row] = answer.predictions;
    expect(row.intent.prediction).toBe('shipping');
    expect(typeof row.reply.prediction).toBe('string');
    expect(row.reply.tokens.length).toBe(row.reply.token_probabilities.length);
    // Ludwig's token list keeps the start, stop and padding symbols of every step; the text is what lies between.
    expect(row.reply.prediction).toBe(row.reply.tokens.filter((t: string) => !['<SOS>', '<EOS>', '<PAD>'].includes(t)).join(' '));
    // The channel's greeting, the intent's action and the priority's promise (the closing follows a first word this ticket lacks).
    expect(row.reply.prediction).toMatch(/^Hi there \. We have chased your parcel \. You will hear from us this week \. /);
  });
});
