// What the editor may send for a post or an update, with limits: the public page shows it all.
import { z } from "zod";
import { POST_SERVICES, STATUS_KINDS, STATUS_STATES } from "./status-vocabulary.ts";
import { MAX_STATUS_MARKDOWN } from "./render-status-markdown.ts";

export const StatusPostInput = z
  .object({
    title: z.string().trim().min(1, "a title is needed").max(200),
    body: z.string().max(MAX_STATUS_MARKDOWN),
    kind: z.enum(STATUS_KINDS),
    state: z.enum(STATUS_STATES),
    services: z.array(z.enum(POST_SERVICES)).max(POST_SERVICES.length),
    /** Null keeps it a draft; a future time schedules its appearance. */
    publishedAt: z.date().nullable(),
    startsAt: z.date().nullable(),
    endsAt: z.date().nullable(),
  })
  .refine((post) => (post.startsAt === null) === (post.endsAt === null), { message: "a window needs both a start and an end", path: ["endsAt"] })
  .refine((post) => !post.startsAt || !post.endsAt || post.endsAt.getTime() > post.startsAt.getTime(), { message: "the window must end after it starts", path: ["endsAt"] });
export type StatusPostInput = z.infer<typeof StatusPostInput>;

export const StatusUpdateInput = z.object({
  body: z.string().trim().min(1, "the update needs some text").max(MAX_STATUS_MARKDOWN),
  state: z.enum(STATUS_STATES).nullable(),
});
export type StatusUpdateInput = z.infer<typeof StatusUpdateInput>;
