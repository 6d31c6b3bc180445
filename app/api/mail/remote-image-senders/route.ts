// POST /api/mail/remote-image-senders – "always show images from this sender"
import { headers } from "next/headers";
import { z } from "zod";
import { clientIpOf } from "@/auth";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { allowRemoteImagesFrom } from "@/lib/mail-settings/allow-remote-images-from";
import { assertSameOrigin, errorResponse, readJson, requireMailActor } from "../mail-api";

const Body = z.object({ address: z.string().min(3).max(320) });

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireMailActor();
    const body = Body.safeParse(await readJson(request));
    if (!body.success) throw new AppError("INVALID_INPUT", "Expected the sender's address.");
    await allowRemoteImagesFrom(await getDb(), { actor, clientIp: clientIpOf(await headers()), address: body.data.address });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error, "remote image sender");
  }
}
