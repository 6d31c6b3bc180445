// The reading UI's writes: message actions and folder changes, as JSON to our own API.

export type MessageActionName = "read" | "unread" | "flag" | "unflag" | "trash" | "archive" | "junk" | "notjunk" | "delete" | "move";
export type MovedMessage = { id: string; fromFolderId: string };

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `The server answered ${response.status}.`);
  return json;
}

export function postMessageAction(action: MessageActionName, ids: string[], folderId?: string) {
  return postJson<{ count: number; moved: MovedMessage[] }>("/api/mail/actions", { action, ids, ...(folderId ? { folderId } : {}) });
}

/** Puts moved messages back where each came from (the undo of trash, archive, junk, move). */
export async function undoMove(moved: MovedMessage[]) {
  const byFolder = new Map<string, string[]>();
  for (const m of moved) byFolder.set(m.fromFolderId, [...(byFolder.get(m.fromFolderId) ?? []), m.id]);
  for (const [folderId, ids] of byFolder) await postMessageAction("move", ids, folderId);
}
