// POST /api/mail/csp-report – Content-Security-Policy violation reports from message bodies
import { z } from "zod";

// A report tells us that the policy caught something the sanitiser let through: a gap to close in
// lib/mime/sanitize-html.ts. Reports are logged (the operator's record, and what the e2e tests read:
// e2e/fixtures/csp-reports.ts), never stored or served back: anyone can post one, and a blocked
// URI comes from someone's mail.
let received = 0;

const CspReport = z.object({
  "csp-report": z.object({ "effective-directive": z.string().max(200).optional(), "violated-directive": z.string().max(500).optional(), "blocked-uri": z.string().max(2000).optional() }).passthrough(),
});

/** A report is a few hundred bytes; anyone can post here (the frame sends no cookies), so bodies are capped. */
const MAX_REPORT_BYTES = 64 * 1024;

export async function POST(request: Request): Promise<Response> {
  if (Number(request.headers.get("content-length") ?? MAX_REPORT_BYTES + 1) > MAX_REPORT_BYTES) return new Response(null, { status: 413 });
  const text = await request.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    return new Response(null, { status: 400 });
  }
  const report = CspReport.safeParse(json);
  if (!report.success) return new Response(null, { status: 400 });
  const body = report.data["csp-report"];
  const entry = { directive: body["effective-directive"] ?? body["violated-directive"] ?? "", blocked: body["blocked-uri"] ?? "" };
  received += 1;
  // Logged, but not without bound: anyone can post reports. One line each, control characters out.
  if (received <= 1_000) console.warn(`csp-report: ${entry.directive.replace(/\s/g, "_")} blocked ${entry.blocked.slice(0, 200).replace(/[\u0000-\u001f\u007f]/g, "?")}`);
  return new Response(null, { status: 204 });
}
