import { startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E('harness-self-check');
});
afterAll(() => e?.close());

describe('the e2e harness', () => {
  it('fails a step on a serious accessibility violation and names it', async () => {
    const page = await e.page('laptop');
    await page.setContent('<!doctype html><html lang="en"><title>x</title><main><h1>Form</h1><input type="text"><img src="data:,"></main></html>');
    await expect(e.step(page, 'broken-page')).rejects.toThrow(/\[critical\] (label|image-alt)/);
  });

  it('fails a step when a phone has to scroll sideways', async () => {
    const page = await e.page('phone');
    await page.setContent('<!doctype html><html lang="en"><meta name="viewport" content="width=device-width, initial-scale=1"><title>x</title><main><h1>Wide</h1><div style="width:900px">wide</div></main></html>');
    await expect(e.step(page, 'too-wide')).rejects.toThrow(/scrolls sideways/);
  });
});
