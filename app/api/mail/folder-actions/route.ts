// POST /api/mail/folder-actions – create, rename, nest, delete a folder; empty Trash or Junk
import { getDb } from "@/lib/db";
import { changeOwnFolder } from "@/lib/store/change-own-folder";
import { assertSameOrigin, errorResponse, readJson, requireMailActor } from "../mail-api";

export async function POST(request: Request): Promise<Response> {
  try {
    assertSameOrigin(request);
    const actor = await requireMailActor();
    const body = (await readJson(request)) as object;
    return Response.json(await changeOwnFolder(await getDb(), { ...body, actor } as Parameters<typeof changeOwnFolder>[1]));
  } catch (error) {
    return errorResponse(error, "folder change");
  }
}
