// The web process: Next.js behind a small HTTP server of ours, for two reasons. Next passes on a
// client-written X-Forwarded-For, so a per-IP login limit would be trivially dodged: this server
// decides the client address from the socket (and trusted proxies only) and hands it to the app
// in x-mailwright-client-ip, replacing whatever the client sent. And the public status pages, which
// everyone opens at once when something breaks, are answered from a 200 ms cache without Next.
import { createServer } from "node:http";
import next from "next";
import { loadConfig } from "./lib/env.ts";
import { CLIENT_IP_HEADER, resolveClientIp } from "./lib/net/client-ip.ts";
import { startWebStatus } from "./lib/status/start-web-status.ts";
import { createPublicPageCache } from "./lib/net/public-page-cache.ts";

const isDev = process.argv.includes("--dev");
const config = loadConfig();
const port = config.ports.web;
const app = next({ dev: isDev, port, hostname: "localhost", turbopack: isDev });
const handle = app.getRequestHandler();
await app.prepare();
const publicPages = createPublicPageCache({ prefixes: ["/status"], ttlMs: 200, maxEntries: 500 });

const server = createServer((request, response) => {
  const forwarded = request.headers["x-forwarded-for"];
  request.headers[CLIENT_IP_HEADER] = resolveClientIp(request.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(",") : forwarded, config.trustedProxies);
  publicPages.handle(request, response, () => void handle(request, response));
});
server.on("error", (error: NodeJS.ErrnoException) => {
  console.error(error.code === "EADDRINUSE" ? `Port ${port} (web) is already in use.` : `web server: ${error.message}`);
  process.exit(1);
});
void startWebStatus(server, config).catch((error: unknown) => console.error(`status: not recording web health: ${error instanceof Error ? error.message : String(error)}`));
server.listen(port, () => console.log(`✓ Ready on http://localhost:${port}${isDev ? " (development)" : ""}`));

const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
