// End to end in real headless Chromium: four participants go from the join link to the completion redirect.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { createDataSource } from "../../server/store/dataSource.js";
import { openTypeormStore } from "../../server/store/typeormStore.js";
import { experiment } from "../helpers/fixtures.js";
import { startApp, ADMIN, type TestApp } from "../helpers/app.js";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

async function setSlider(page: Page, value: number) {
  await page.$eval("#contribution", (el, v) => {
    const input = el as HTMLInputElement;
    input.value = String(v);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

describe("e2e: four browsers play a two-round public-goods game", function () {
  this.timeout(120_000);
  let browser: Browser;
  let app: TestApp;
  let dir: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === "true") throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
      console.warn(`  ⚠ browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);
      return this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), "cohort-e2e-"));
    app = await startApp(await openTypeormStore(createDataSource({ url: `sqlite:${join(dir, "e2e.sqlite")}` })));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => {
    await browser?.close();
    await app?.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("join link → consent → lobby → live rounds → completion redirect, and the CSV has every contribution", async () => {
    const { session } = await app.open(experiment({
      game: { groupSize: 4, rounds: 2, endowment: 20, multiplier: 1.6 },
      stages: { decisionSeconds: 60, resultsSeconds: 60 },
      completion: { url: `${app.url}/health?cc={code}` },
    }));
    const pages = await Promise.all([0, 1, 2, 3].map(async () => (await browser.newContext()).newPage()));
    const errors: string[] = [];
    pages.forEach((p, i) => p.on("pageerror", (e) => errors.push(`page ${i}: ${e.message}`)));

    await Promise.all(pages.map(async (page, i) => {
      await page.goto(`${app.url}/join/${session.code}?label=browser${i + 1}`);
      await page.click("#agree");
      await page.waitForSelector("#contribution", { timeout: 20_000 });
    }));

    const plan = [[4, 8, 12, 16], [20, 0, 10, 5]];
    for (const [r, values] of plan.entries()) {
      await Promise.all(pages.map((p) => p.waitForFunction((round) => document.getElementById("round")?.textContent === `Round ${round} of 2` && !!document.querySelector("#lock:not([disabled])"), r + 1)));
      // Live: one participant's slider move shows on the others' screens before anything is locked.
      const mover = await pages[0].evaluate(() => Number(document.querySelector("tr.me")?.getAttribute("data-seat")));
      await setSlider(pages[0], 13);
      await Promise.all(pages.slice(1).map((p) => p.waitForFunction((seat) => document.querySelector(`[data-seat="${seat}"] .value`)?.textContent === "13", mover)));

      await Promise.all(pages.map(async (page, i) => {
        await setSlider(page, values[i]);
        await page.click("#lock");
      }));
      await Promise.all(pages.map((p) => p.waitForSelector("#results-summary")));
      const summary = await pages[1].textContent("#results-summary");
      const total = values.reduce((a, b) => a + b, 0);
      assert.match(summary!, new RegExp(`Group total: ${total} points`));
      await Promise.all(pages.map((p) => p.click("#continue")));
    }

    await Promise.all(pages.map((p) => p.waitForSelector("#completion-code")));
    assert.equal(await pages[2].textContent("#completion-code"), "C1A2B3C4");
    await Promise.all(pages.map((p) => p.waitForURL(/\/health\?cc=C1A2B3C4$/, { timeout: 15_000 })));
    assert.deepEqual(errors, []);

    const csv = await (await fetch(`${app.url}/api/sessions/${session.code}/export.csv`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` },
    })).text();
    const [header, ...rows] = csv.trim().split("\n");
    const cols = header.split(",");
    const cell = (row: string, name: string) => row.split(",")[cols.indexOf(name)];
    assert.equal(rows.length, 8);
    for (const [r, values] of plan.entries()) {
      const got = rows.filter((row) => cell(row, "round") === String(r + 1)).map((row) => [cell(row, "platform_id"), Number(cell(row, "contribution"))]).sort();
      assert.deepEqual(got, values.map((v, i) => [`browser${i + 1}`, v]));
    }
    assert.ok(rows.every((row) => cell(row, "status") === "completed" && cell(row, "timed_out") === "0"));
  });

  it("a page reloaded mid-round lands on the same seat with the same state", async () => {
    const { session } = await app.open(experiment({
      game: { groupSize: 2, rounds: 1 }, stages: { decisionSeconds: 60, resultsSeconds: 60 }, completion: { url: `${app.url}/health?cc={code}` },
    }));
    const pages = await Promise.all([0, 1].map(async () => (await browser.newContext()).newPage()));
    await Promise.all(pages.map(async (page, i) => {
      await page.goto(`${app.url}/join/${session.code}?label=reload${i}`);
      await page.click("#agree");
      await page.waitForSelector("#lock:not([disabled])", { timeout: 20_000 });
    }));
    const seatOf = (i: number) => pages[i].evaluate(() => document.querySelector("tr.me")?.getAttribute("data-seat"));
    const seatBefore = await seatOf(0);
    await setSlider(pages[0], 11);
    await pages[1].waitForFunction((seat) => document.querySelector(`[data-seat="${seat}"] .value`)?.textContent === "11", seatBefore);

    await pages[0].reload();
    await pages[0].waitForSelector("#lock:not([disabled])", { timeout: 20_000 });
    assert.equal(await seatOf(0), seatBefore, "same seat");
    assert.equal(await pages[0].inputValue("#contribution"), "11", "same state: the live value survived the reload");
    assert.equal(await pages[0].textContent("#round"), "Round 1 of 1");

    await pages[0].click("#lock");
    await setSlider(pages[1], 3);
    await pages[1].click("#lock");
    await Promise.all(pages.map((p) => p.waitForSelector("#results-summary")));
    assert.match((await pages[0].textContent("#results-summary"))!, /Group total: 14 points/);
    const rows = (await app.store.payoffs(session.id)).filter((r) => r.round === 1);
    assert.deepEqual(rows.map((r) => r.contribution).sort(), [11, 3].sort());
  });
});
