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
        <LabeledSelect label="Kind" name="kind" defaultValue={values.kind} options={STATUS_KINDS} labels={KIND_LABELS} />
        <LabeledSelect label="State" name="state" defaultValue={values.state} options={STATUS_STATES} labels={STATE_LABELS} />
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
        <UtcTimeInput label="Window starts (UTC)" name="startsAt" defaultValue={values.startsAt} />
        <UtcTimeInput label="Window ends (UTC)" name="endsAt" defaultValue={values.endsAt} />
        <UtcTimeInput label="Publish at (UTC; empty: now)" name="publishAt" defaultValue={values.publishAt} />
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

function LabeledSelect<T extends string>({ label, name, defaultValue, options, labels }: { label: string; name: string; defaultValue: string; options: readonly T[]; labels: Record<T, string> }) {
  return (
    <label className="block text-sm font-medium">
      {label}
      <select name={name} defaultValue={defaultValue} className={field}>
        {options.map((option) => (
          <option key={option} value={option}>
            {labels[option]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A date and time to the second, read as UTC by the server (the form says so in its label). */
function UtcTimeInput({ label, name, defaultValue }: { label: string; name: string; defaultValue: string }) {
  return (
    <label className="block text-sm font-medium">
      {label}
      <input type="datetime-local" name={name} step={1} defaultValue={defaultValue} className={field} />
    </label>
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
