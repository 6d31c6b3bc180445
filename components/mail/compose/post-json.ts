/** POSTs JSON to one of our routes; answers the JSON, or throws an Error with the route's `{ error }` message. */
export async function postJson<T>(url: string, body: unknown, options: { keepalive?: boolean } = {}): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), keepalive: options.keepalive });
  const json = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(json.error ?? `The server answered ${response.status}.`);
  return json as T;
}
