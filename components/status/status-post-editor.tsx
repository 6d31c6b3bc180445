"use client";
// The staff editor's post form: title, Markdown body with a preview rendered by the server (the same
// sanitiser as the public page), kind, state, services, an optional maintenance window and the
// publication time, all in UTC. "Save draft" keeps it off the page; "Publish" shows it at the time
// given (now when empty; a later time schedules it).
import { useActionState, useState, useTransition } from "react";
import { FormError, FormSuccess } from "@/components/ui/form-message";
import { KIND_LABELS, POST_SERVICE_LABELS, POST_SERVICES, STATE_LABELS, STATUS_KINDS, STATUS_STATES } from "@/lib/status/status-vocabulary";

export type EditorState = { error?: string; saved?: boolean };

export type EditorValues = {
  postId?: string;
  title: string;
  body: string;
  kind: string;
  state: string;
  services: string[];
  publishAt: string;
  startsAt: string;
  endsAt: string;
};

const field = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";

export function StatusPostEditor({ values, action, preview }: { values: EditorValues; action: (state: EditorState, form: FormData) => Promise<EditorState>; preview: (markdown: string) => Promise<string> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [body, setBody] = useState(values.body);
  const [previewHtml, setPreviewHtml] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  return (
    <form action={formAction} className="space-y-4" data-testid="status-post-editor">
      {values.postId && <input type="hidden" name="postId" value={values.postId} />}
      {state.error && <FormError>{state.error}</FormError>}
      {state.saved && <FormSuccess>Saved.</FormSuccess>}
      <label className="block text-sm font-medium">
        Title
        <input name="title" required maxLength={200} defaultValue={values.title} className={field} />
      </label>
      <label className="block text-sm font-medium">
        Text (Markdown)
        <textarea name="body" rows={8} maxLength={50_000} value={body} onChange={(event) => setBody(event.target.value)} className={`${field} font-mono`} />
      </label>
      <div>
        <button type="button" disabled={previewing} onClick={() => startPreview(async () => setPreviewHtml(await preview(body)))} className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
          Preview
        </button>
        {previewHtml !== null && <div className="status-markdown mt-2 space-y-2 rounded-md border border-dashed border-slate-300 bg-white p-3 text-sm" data-testid="status-preview" dangerouslySetInnerHTML={{ __html: previewHtml }} />}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm font-medium">
          Kind
          <select name="kind" defaultValue={values.kind} className={field}>
            {STATUS_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          State
          <select name="state" defaultValue={values.state} className={field}>
            {STATUS_STATES.map((value) => (
              <option key={value} value={value}>
                {STATE_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset>
        <legend className="text-sm font-medium">Affected services</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {POST_SERVICES.map((service) => (
            <label key={service} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="services" value={service} defaultChecked={values.services.includes(service)} />
              {POST_SERVICE_LABELS[service]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <label className="block text-sm font-medium">
          Window starts (UTC)
          <input type="datetime-local" name="startsAt" step={1} defaultValue={values.startsAt} className={field} />
        </label>
        <label className="block text-sm font-medium">
          Window ends (UTC)
          <input type="datetime-local" name="endsAt" step={1} defaultValue={values.endsAt} className={field} />
        </label>
        <label className="block text-sm font-medium">
          Publish at (UTC; empty: now)
          <input type="datetime-local" name="publishAt" step={1} defaultValue={values.publishAt} className={field} />
        </label>
      </div>
      <div className="flex gap-3">
        <button type="submit" name="intent" value="publish" disabled={pending} className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
          Publish
        </button>
        <button type="submit" name="intent" value="draft" disabled={pending} className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
          Save draft
        </button>
      </div>
    </form>
  );
}

export function StatusUpdateForm({ postId, action }: { postId: string; action: (state: EditorState, form: FormData) => Promise<EditorState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3" data-testid="status-update-form">
      <input type="hidden" name="postId" value={postId} />
      {state.error && <FormError>{state.error}</FormError>}
      {state.saved && <FormSuccess>Update added.</FormSuccess>}
      <label className="block text-sm font-medium">
        Update (Markdown)
        <textarea name="body" rows={4} required maxLength={50_000} className={`${field} font-mono`} />
      </label>
      <label className="block text-sm font-medium">
        New state
        <select name="state" defaultValue="" className={field}>
          <option value="">Unchanged</option>
          {STATUS_STATES.map((value) => (
            <option key={value} value={value}>
              {STATE_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={pending} className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
        Add update
      </button>
    </form>
  );
}
