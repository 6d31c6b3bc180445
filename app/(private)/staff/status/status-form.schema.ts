// The editor's HTML form as the service's input: times are typed in UTC (datetime-local carries no zone).
import { z } from "zod";
import { POST_SERVICES, STATUS_KINDS, STATUS_STATES } from "@/lib/status/status-vocabulary";

const utcLocal = z
  .string()
  .trim()
  .max(40)
  .transform((value, context) => {
    if (value === "") return null;
    const at = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(at.getTime())) {
      context.addIssue({ code: "custom", message: "not a date and time" });
      return z.NEVER;
    }
    return at;
  });

export const StatusPostForm = z.object({
  title: z.string().max(200),
  body: z.string().max(50_000),
  kind: z.enum(STATUS_KINDS),
  state: z.enum(STATUS_STATES),
  services: z.array(z.enum(POST_SERVICES)),
  publishAt: utcLocal,
  startsAt: utcLocal,
  endsAt: utcLocal,
  intent: z.enum(["draft", "publish"]),
});

export function readStatusPostForm(form: FormData) {
  return StatusPostForm.safeParse({
    title: form.get("title") ?? "",
    body: form.get("body") ?? "",
    kind: form.get("kind"),
    state: form.get("state"),
    services: form.getAll("services"),
    publishAt: form.get("publishAt") ?? "",
    startsAt: form.get("startsAt") ?? "",
    endsAt: form.get("endsAt") ?? "",
    intent: form.get("intent") ?? "draft",
  });
}

/** A Date as a datetime-local value in UTC. */
export function toUtcLocal(at: Date | null): string {
  return at ? at.toISOString().slice(0, 16) : "";
}
