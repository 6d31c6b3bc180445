import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { z } from "zod";
import { requirePrincipal } from "@/app/current-principal";
import { webStore } from "@/app/web-store";
import { loadConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { MAX_UPLOAD_BYTES, uploadsDirFor } from "@/lib/uploads/upload-files";
import { loadComposeStart, type ComposeStart } from "@/lib/webmail/load-compose-start";
import { ComposeForm } from "@/components/mail/compose/compose-form";

export const metadata: Metadata = { title: "Compose" };

const Params = z.object({
  reply: z.string().min(1).max(100).optional(),
  mode: z.enum(["reply", "all", "forward", "attach"]).default("reply"),
  draft: z.string().min(1).max(100).optional(),
});

// /mail/compose – a new message; ?reply=<id>&mode=reply|all|forward|attach answers or forwards one; ?draft=<id> goes on with a draft
export default async function ComposePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePrincipal();
  const params = Params.safeParse(await searchParams);
  if (!params.success) notFound();
  const { reply, mode, draft } = params.data;
  let start: ComposeStart;
  try {
    start = await loadComposeStart(
      { store: await webStore(), uploadsDir: uploadsDirFor(loadConfig().dataDir) },
      { actor, reply: reply ? { messageId: reply, mode } : null, draftId: draft ?? null },
    );
  } catch (error) {
    if (isAppError(error, "NOT_FOUND") || isAppError(error, "INVALID_INPUT")) notFound();
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  }
  return (
    <div className="h-full overflow-y-auto">
      <ComposeForm start={start} maxUploadBytes={MAX_UPLOAD_BYTES} />
    </div>
  );
}
