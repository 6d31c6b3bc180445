"use client";

import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { LinkIcon } from "@/components/ui/icons";
import StarterKit from "@tiptap/starter-kit";
import { textToHtml } from "./text-to-html";

export type Body = { mode: "rich" | "plain"; text: string; html: string };

// Tailwind's reset takes list and quote styles away; the editor gives them back.
const CONTENT_CLASS =
  "min-h-64 px-3 py-2 text-sm leading-relaxed outline-none [&_a]:text-blue-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_ol]:list-decimal [&_ol]:pl-6 [&_p]:min-h-[1.25rem] [&_ul]:list-disc [&_ul]:pl-6";

/** The message text: TipTap (bold, italic, lists, quote, links) or, with the toggle, a plain textarea. */
export function MessageEditor({ body, onChange }: { body: Body; onChange: (next: Body) => void }) {
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true, protocols: ["mailto"] }, code: false, codeBlock: false, heading: false, horizontalRule: false })],
    content: body.mode === "rich" ? body.html || textToHtml(body.text) : "",
    immediatelyRender: false,
    editorProps: { attributes: { class: CONTENT_CLASS, "aria-label": "Message", "data-testid": "message-editor" } },
    onUpdate: ({ editor: changed }) => onChange({ mode: "rich", html: changed.getHTML(), text: changed.getText({ blockSeparator: "\n" }) }),
  });
  const marks = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive("bold") ?? false,
      italic: e?.isActive("italic") ?? false,
      bulletList: e?.isActive("bulletList") ?? false,
      orderedList: e?.isActive("orderedList") ?? false,
      blockquote: e?.isActive("blockquote") ?? false,
      link: e?.isActive("link") ?? false,
    }),
  });

  const togglePlain = () => {
    if (body.mode === "rich") {
      onChange({ mode: "plain", text: editor?.getText({ blockSeparator: "\n" }) ?? body.text, html: "" });
    } else {
      const html = textToHtml(body.text);
      editor?.commands.setContent(html);
      onChange({ mode: "rich", text: body.text, html });
    }
  };
  const setLink = () => {
    if (!editor) return;
    if (editor.isActive("link")) {
      editor.chain().focus().unsetLink().run();
      return;
    }
    const href = window.prompt("Link address (https://…)");
    if (href && /^(https?:\/\/|mailto:)/i.test(href.trim())) editor.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
  };

  const tool = (label: string, isActive: boolean, run: () => void, content: React.ReactNode) => (
    <button
      type="button"
      aria-label={label}
      aria-pressed={isActive}
      title={label}
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
      className={`min-w-8 rounded px-2 py-1 text-sm ${isActive ? "bg-slate-200 dark:bg-slate-700" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
    >
      {content}
    </button>
  );
  return (
    <div className="rounded-md border border-slate-300 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-1 border-b border-slate-200 px-1 py-1 dark:border-slate-800" role="toolbar" aria-label="Formatting">
        {body.mode === "rich" && editor && (
          <>
            {tool("Bold", marks?.bold ?? false, () => editor.chain().focus().toggleBold().run(), "B")}
            {tool("Italic", marks?.italic ?? false, () => editor.chain().focus().toggleItalic().run(), "I")}
            {tool("Bulleted list", marks?.bulletList ?? false, () => editor.chain().focus().toggleBulletList().run(), "•")}
            {tool("Numbered list", marks?.orderedList ?? false, () => editor.chain().focus().toggleOrderedList().run(), "1.")}
            {tool("Quote", marks?.blockquote ?? false, () => editor.chain().focus().toggleBlockquote().run(), "❝")}
            {tool("Link", marks?.link ?? false, setLink, <LinkIcon className="h-4 w-4" />)}
          </>
        )}
        <label className="ml-auto flex items-center gap-1.5 px-2 text-sm text-slate-600 dark:text-slate-400">
          <input type="checkbox" checked={body.mode === "plain"} onChange={togglePlain} />
          Plain text
        </label>
      </div>
      <div className={body.mode === "rich" ? "" : "hidden"}>
        <EditorContent editor={editor} />
      </div>
      {body.mode === "plain" && (
        <textarea
          aria-label="Message"
          data-testid="message-plain"
          value={body.text}
          onChange={(event) => onChange({ mode: "plain", text: event.target.value, html: "" })}
          className="block min-h-64 w-full resize-y bg-transparent px-3 py-2 font-mono text-sm outline-none"
        />
      )}
    </div>
  );
}
