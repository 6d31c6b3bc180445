import { defineConfig } from "@playwright/test";
import { CHROMIUM_INSTALL_HINT, findChromium } from "./e2e/fixtures/chromium.ts";

const chromium = findChromium();
if (!chromium) throw new Error(CHROMIUM_INSTALL_HINT);

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/fixtures/global-setup.ts",
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: ".test-output/playwright.json" }]],
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
