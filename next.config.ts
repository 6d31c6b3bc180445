import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with HTTP 403.
  // proxyClientMaxBodySize: proxy.ts runs on every path, and Next hands a route only this much of a
  // request body behind a proxy; the webmail's attachment uploads go up to 25 MiB.
  experimental: { authInterrupts: true, proxyClientMaxBodySize: "26mb" },
  // Tests and docs use localhost; this lets `next dev` also serve 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        // A message body is shown in a (sandboxed) frame of the webmail itself; its own CSP
        // (frame-ancestors 'self') says the same. Later entries override earlier ones' keys.
        source: "/api/mail/messages/:id/body",
        headers: [{ key: "X-Frame-Options", value: "SAMEORIGIN" }],
      },
      {
        // An attachment's preview (a PDF in the browser's viewer) is a frame of the webmail too.
        source: "/api/mail/messages/:id/parts/:part",
        headers: [{ key: "X-Frame-Options", value: "SAMEORIGIN" }],
      },
    ];
  },
};

export default nextConfig;
