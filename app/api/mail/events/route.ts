// GET /api/mail/events – live changes to this mailbox (new mail, flags, expunges, folders) as server-sent events
import { webChangeFeed } from "@/app/web-change-feed";
import type { ChangeEvent } from "@/lib/store/change-feed";
import { errorResponse, requireMailActor } from "../mail-api";

export const dynamic = "force-dynamic";

/** Open streams per mailbox in this process: a few tabs and devices, not a resource sink. */
const MAX_STREAMS_PER_MAILBOX = 20;
const openStreams = new Map<string, number>();
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 25_000;

export async function GET(request: Request): Promise<Response> {
  let mailboxId: string;
  try {
    mailboxId = (await requireMailActor()).mailboxId;
  } catch (error) {
    return errorResponse(error, "mail events");
  }
  if ((openStreams.get(mailboxId) ?? 0) >= MAX_STREAMS_PER_MAILBOX) {
    return Response.json({ error: "Too many open windows on this mailbox: close some and reload." }, { status: 429 });
  }
  const feed = await webChangeFeed();
  const encoder = new TextEncoder();
  let close = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      openStreams.set(mailboxId, (openStreams.get(mailboxId) ?? 0) + 1);
      const write = (text: string) => controller.enqueue(encoder.encode(text));
      const unsubscribe = feed.subscribe(mailboxId, (_mailbox, events) => write(`event: change\ndata: ${JSON.stringify(events.map(toJson))}\n\n`));
      const keepAlive = setInterval(() => write(": keep-alive\n\n"), KEEP_ALIVE_MS);
      let isClosed = false;
      close = () => {
        if (isClosed) return;
        isClosed = true;
        unsubscribe();
        clearInterval(keepAlive);
        openStreams.set(mailboxId, (openStreams.get(mailboxId) ?? 1) - 1);
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      request.signal.addEventListener("abort", close);
      // The browser reconnects after 3 s if the stream breaks; "ready" tells the page it is live.
      write("retry: 3000\nevent: ready\ndata: {}\n\n");
    },
    cancel: () => close(),
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", "X-Accel-Buffering": "no" },
  });
}

function toJson(event: ChangeEvent) {
  return event.kind === "FOLDERS" ? event : { ...event, modseq: String(event.modseq) };
}
