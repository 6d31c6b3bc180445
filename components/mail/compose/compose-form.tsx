"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { FormError } from "@/components/ui/form-message";
import { formatBytes } from "@/components/ui/format-bytes";
import type { ComposeStart } from "@/lib/webmail/load-compose-start";
import { AddressField } from "./address-field";
import { AttachmentList } from "./attachment-list";
import { MessageEditor, type Body } from "./message-editor";
import { postJson } from "./post-json";
import { textToHtml } from "./text-to-html";
import { uploadFile } from "./upload-file";
import { looksLikeAddress, type AttachmentItem, type ComposeBody, type Recipient } from "./compose-types";

/** How long after the last keystroke a draft is saved. */
const AUTOSAVE_DELAY_MS = 2000;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "error"; message: string };

function initialBody(start: ComposeStart): Body {
  if (start.draftId) return start.html ? { mode: "rich", html: start.html, text: start.text } : { mode: "plain", html: "", text: start.text };
  // The signature goes under the user's own words, above a quoted message ("-- " as RFC 3676 §4.3 marks it).
  const text = `${start.signature ? `\n\n-- \n${start.signature}` : ""}${start.text}`;
  return { mode: "rich", html: textToHtml(text), text };
}

/** The compose form: From, recipients, subject, text, attachments; drafts saved as the user types; Send. */
export function ComposeForm({ start, maxUploadBytes }: { start: ComposeStart; maxUploadBytes: number }) {
  const router = useRouter();
  const [from, setFrom] = useState(start.from);
  const [to, setTo] = useState<Recipient[]>(start.to);
  const [cc, setCc] = useState<Recipient[]>(start.cc);
  const [bcc, setBcc] = useState<Recipient[]>(start.bcc);
  const [showCopies, setShowCopies] = useState(start.cc.length > 0 || start.bcc.length > 0);
  const [subject, setSubject] = useState(start.subject);
  const [body, setBody] = useState<Body>(() => initialBody(start));
  const [attachments, setAttachments] = useState<AttachmentItem[]>(() => start.attachments.map((a) => ({ key: a.id, id: a.id, name: a.name, size: a.size, type: a.type })));
  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const [sendError, setSendError] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  // Every edit bumps the revision; a save records the revision it saved.
  const [revision, setRevision] = useState(0);
  const savedRevision = useRef(0);
  const draftId = useRef<string | null>(start.draftId);
  const saving = useRef<Promise<void> | null>(null);
  const isDone = useRef(false);

  const edited = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setRevision((r) => r + 1);
  };

  // What a save or send posts, and the revision it is, kept current for the timers and handlers.
  const currentBody = useRef<() => ComposeBody>(() => ({}) as ComposeBody);
  const latestRevision = useRef(revision);
  useEffect(() => {
    latestRevision.current = revision;
    currentBody.current = () => ({
    from,
    to,
    cc,
    bcc,
    subject,
    text: body.text,
    html: body.mode === "rich" ? body.html : null,
    attachmentIds: attachments.flatMap((a) => (a.id ? [a.id] : [])),
    inReplyTo: start.inReplyTo,
    references: start.references,
    draftId: draftId.current,
    });
  });

  const saveDraft = useCallback(async (): Promise<void> => {
    if (saving.current) await saving.current;
    if (isDone.current || latestRevision.current === savedRevision.current) return;
    const revisionSaved = latestRevision.current;
    setSaveState({ kind: "saving" });
    const run = postJson<{ id: string }>("/api/mail/drafts", currentBody.current())
      .then(({ id }) => {
        draftId.current = id;
        savedRevision.current = revisionSaved;
        setSaveState({ kind: "saved", at: new Date() });
        // The address bar names the draft, so a reload opens it again.
        window.history.replaceState(null, "", `/mail/compose?draft=${encodeURIComponent(id)}`);
      })
      .catch((error: Error) => setSaveState({ kind: "error", message: `Draft not saved: ${error.message}` }));
    saving.current = run.finally(() => {
      saving.current = null;
    });
    await saving.current;
  }, []);

  // Saved a moment after typing stops.
  useEffect(() => {
    if (revision === savedRevision.current) return;
    const timer = setTimeout(() => void saveDraft(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [revision, saveDraft]);

  // Saved on leaving too: closing the tab or navigating elsewhere (keepalive outlives the page).
  useEffect(() => {
    const saveOnLeave = () => {
      if (isDone.current || latestRevision.current === savedRevision.current) return;
      savedRevision.current = latestRevision.current;
      void postJson("/api/mail/drafts", currentBody.current(), { keepalive: true }).catch(() => undefined);
    };
    window.addEventListener("pagehide", saveOnLeave);
    return () => {
      window.removeEventListener("pagehide", saveOnLeave);
      saveOnLeave();
    };
  }, []);

  const addFiles = (files: File[]) => {
    for (const file of files) {
      const key = `${file.name}-${Math.random().toString(36).slice(2)}`;
      const item: AttachmentItem = { key, name: file.name, size: file.size, type: file.type, progress: 0 };
      if (file.size > maxUploadBytes) {
        setAttachments((list) => [...list, { ...item, error: `${file.name} is larger than the limit of ${formatBytes(maxUploadBytes)} per file.` }]);
        continue;
      }
      setAttachments((list) => [...list, item]);
      const update = (change: Partial<AttachmentItem>) => setAttachments((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));
      uploadFile(file, (progress) => update({ progress }))
        .then((uploaded) => {
          update({ id: uploaded.id, progress: 1 });
          setRevision((r) => r + 1);
        })
        .catch((error: Error) => update({ error: error.message }));
    }
  };
  const removeAttachment = (item: AttachmentItem) => {
    setAttachments((list) => list.filter((a) => a.key !== item.key));
    setRevision((r) => r + 1);
    if (item.id) void fetch(`/api/mail/uploads/${item.id}`, { method: "DELETE" });
  };

  const isUploading = attachments.some((a) => !a.id && !a.error);
  const recipients = [...to, ...cc, ...bcc];
  const invalid = recipients.filter((r) => !looksLikeAddress(r.address));
  const send = async () => {
    setSendError(null);
    if (recipients.length === 0) return setSendError("Add at least one recipient.");
    if (invalid.length > 0) return setSendError(`Not an address: ${invalid.map((r) => r.address).join(", ")}`);
    setIsSending(true);
    try {
      // A save under way must finish first: the send then removes the draft it wrote.
      if (saving.current) await saving.current;
      await postJson("/api/mail/send", { ...currentBody.current(), attachmentIds: attachments.flatMap((a) => (a.id ? [a.id] : [])) });
      isDone.current = true;
      router.push("/mail?notice=sent");
    } catch (error) {
      setSendError((error as Error).message);
      setIsSending(false);
    }
  };

  return (
    <form
      className="mx-auto flex max-w-4xl flex-col gap-3 p-3 sm:p-4"
      aria-label="Compose"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">{start.inReplyTo ? "Reply" : start.subject.startsWith("Fwd:") ? "Forward" : "New message"}</h1>
        <span className="ml-auto text-sm text-slate-500" role="status" data-testid="draft-status">
          {saveState.kind === "saving" && "Saving draft…"}
          {saveState.kind === "saved" && `Draft saved ${saveState.at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`}
        </span>
      </div>
      {saveState.kind === "error" && <FormError>{saveState.message}</FormError>}

      <div>
        <div className="flex items-center gap-2 border-b border-slate-200 py-1.5 dark:border-slate-800">
          <label htmlFor="compose-from" className="w-12 shrink-0 text-sm text-slate-600 dark:text-slate-400">
            From
          </label>
          <select id="compose-from" value={from} onChange={(event) => edited(setFrom)(event.target.value)} className="min-w-0 flex-1 truncate bg-transparent py-1 text-sm">
            {start.senders.map((address) => (
              <option key={address} value={address}>
                {address}
              </option>
            ))}
          </select>
        </div>
        <div className="relative">
          <AddressField label="To" recipients={to} onChange={edited(setTo)} autoFocus={to.length === 0} />
          {!showCopies && (
            <button type="button" onClick={() => setShowCopies(true)} className="absolute right-0 top-2 text-sm text-blue-700 hover:underline dark:text-blue-300">
              Cc/Bcc
            </button>
          )}
        </div>
        {showCopies && (
          <>
            <AddressField label="Cc" recipients={cc} onChange={edited(setCc)} />
            <AddressField label="Bcc" recipients={bcc} onChange={edited(setBcc)} />
          </>
        )}
        <div className="flex items-center gap-2 border-b border-slate-200 py-1.5 dark:border-slate-800">
          <label htmlFor="compose-subject" className="w-12 shrink-0 text-sm text-slate-600 dark:text-slate-400">
            Subject
          </label>
          <input id="compose-subject" value={subject} onChange={(event) => edited(setSubject)(event.target.value)} className="min-w-0 flex-1 bg-transparent py-1 text-sm outline-none" />
        </div>
      </div>

      <MessageEditor body={body} onChange={edited(setBody)} />
      <AttachmentList items={attachments} maxBytes={maxUploadBytes} onAdd={addFiles} onRemove={removeAttachment} />

      {sendError && <FormError>{sendError}</FormError>}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={isUploading || isSending} className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {isSending ? "Sending…" : "Send"}
        </button>
        {isUploading && <span className="text-sm text-slate-500">Waiting for the attachments to upload…</span>}
      </div>
    </form>
  );
}
