"use server";

import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpOf } from "@/auth";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { isStaff } from "@/lib/auth/permissions";
import { addStatusUpdate, createStatusPost, editStatusPost } from "@/lib/status/save-status-post";
import { renderStatusMarkdown } from "@/lib/status/render-status-markdown";
import { STATUS_STATES } from "@/lib/status/status-vocabulary";
import { readStatusPostForm } from "./status-form.schema";

export type StatusFormState = { error?: string; saved?: boolean };

/** Runs a service for the editor: FORBIDDEN becomes the 403 page, input problems the form's message. */
async function run(change: (actor: Awaited<ReturnType<typeof requirePrincipal>>, clientIp: string) => Promise<void>): Promise<StatusFormState> {
  const actor = await requirePrincipal();
  try {
    await change(actor, clientIpOf(await headers()));
  } catch (error) {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    if (isAppError(error) && ["NOT_FOUND", "INVALID_INPUT", "CONFLICT"].includes(error.code)) return { error: error.message };
    throw error;
  }
  revalidatePath("/staff/status", "layout");
  // The public pages are cached (ISR): drop them so the change is visible at once.
  revalidatePath("/status", "layout");
  revalidatePath("/status/[[...slug]]", "page");
  return { saved: true };
}

function postInput(form: FormData) {
  const parsed = readStatusPostForm(form);
  if (!parsed.success) return { error: `Check the form: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}` } as const;
  const { intent, publishAt, ...post } = parsed.data;
  return { post: { ...post, publishedAt: intent === "draft" ? null : (publishAt ?? new Date()) } } as const;
}

export async function createStatusPostAction(_previous: StatusFormState, form: FormData): Promise<StatusFormState> {
  const input = postInput(form);
  if ("error" in input) return { error: input.error };
  let id = "";
  const state = await run(async (actor, clientIp) => {
    id = (await createStatusPost(await getDb(), { actor, clientIp, post: input.post })).id;
  });
  if (state.error) return state;
  redirect(`/staff/status/${id}`);
}

export async function editStatusPostAction(_previous: StatusFormState, form: FormData): Promise<StatusFormState> {
  const input = postInput(form);
  if ("error" in input) return { error: input.error };
  const postId = z.string().min(1).max(64).safeParse(form.get("postId"));
  if (!postId.success) return { error: "This post is not valid any more: reload the page." };
  return run(async (actor, clientIp) => {
    await editStatusPost(await getDb(), { actor, clientIp, postId: postId.data, post: input.post });
  });
}

const UpdateForm = z.object({ postId: z.string().min(1).max(64), body: z.string().max(50_000), state: z.enum([...STATUS_STATES, ""]) });

export async function addStatusUpdateAction(_previous: StatusFormState, form: FormData): Promise<StatusFormState> {
  const parsed = UpdateForm.safeParse({ postId: form.get("postId"), body: form.get("body") ?? "", state: form.get("state") ?? "" });
  if (!parsed.success) return { error: "Check the update: a text and a known state are needed." };
  return run(async (actor, clientIp) => {
    await addStatusUpdate(await getDb(), { actor, clientIp, postId: parsed.data.postId, update: { body: parsed.data.body, state: parsed.data.state || null } });
  });
}

/** The editor's preview: the same rendering the public page uses. */
export async function previewStatusMarkdownAction(markdown: string): Promise<string> {
  const actor = await requirePrincipal();
  if (!isStaff(actor)) forbidden();
  return renderStatusMarkdown(String(markdown).slice(0, 50_000));
}
