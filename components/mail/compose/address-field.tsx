"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { looksLikeAddress, parseRecipient, type Recipient } from "./compose-types";

type Suggestion = { name: string; address: string; label: string };

/** A To/Cc/Bcc field: recipients as chips, typed addresses completed from the address books (/api/mail/contacts). */
export function AddressField({ label, recipients, onChange, autoFocus = false }: { label: string; recipients: Recipient[]; onChange: (next: Recipient[]) => void; autoFocus?: boolean }) {
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputId = useId();
  const latest = useRef("");

  // Suggestions for what is typed, a moment after typing stops; answers to older queries are dropped.
  useEffect(() => {
    const query = text.trim();
    latest.current = query;
    if (query.length < 1) return;
    const timer = setTimeout(() => {
      fetch(`/api/mail/contacts?q=${encodeURIComponent(query)}`)
        .then((response) => (response.ok ? (response.json() as Promise<{ suggestions: Suggestion[] }>) : { suggestions: [] }))
        .then((body) => {
          if (latest.current !== query) return;
          setSuggestions(body.suggestions);
          setActive(0);
        })
        .catch(() => setSuggestions([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [text]);

  /** Chips for the pieces of typed or pasted text; `rest` stays in the input. */
  const addAll = (added: Recipient[], rest = "") => {
    const next = [...recipients];
    for (const recipient of added) {
      if (recipient.address && !next.some((r) => r.address.toLowerCase() === recipient.address.toLowerCase())) next.push(recipient);
    }
    if (next.length !== recipients.length) onChange(next);
    setText(rest);
    setSuggestions([]);
  };
  const add = (recipient: Recipient) => addAll([recipient]);
  const piecesOf = (value: string) => value.split(/[,;\n]/).filter((piece) => piece.trim()).map(parseRecipient);
  const commitText = () => {
    if (text.trim()) addAll(piecesOf(text));
  };
  // A comma or semicolon typed (or in pasted text) ends an address.
  const onTextChange = (value: string) => {
    const last = Math.max(value.lastIndexOf(","), value.lastIndexOf(";"), value.lastIndexOf("\n"));
    if (last < 0) setText(value);
    else addAll(piecesOf(value.slice(0, last)), value.slice(last + 1).trimStart());
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const open = suggestions.length > 0 && text.trim() !== "";
    if (open && event.key === "ArrowDown") {
      event.preventDefault();
      setActive((active + 1) % suggestions.length);
    } else if (open && event.key === "ArrowUp") {
      event.preventDefault();
      setActive((active - 1 + suggestions.length) % suggestions.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      if (!text.trim()) return;
      if (event.key !== "Tab") event.preventDefault();
      if (open) add(suggestions[active]!);
      else commitText();
    } else if (event.key === "Backspace" && text === "" && recipients.length > 0) {
      onChange(recipients.slice(0, -1));
    } else if (event.key === "Escape") {
      setSuggestions([]);
    }
  };

  const showList = suggestions.length > 0 && text.trim() !== "";
  return (
    <div className="relative flex items-start gap-2 border-b border-slate-200 py-1.5 dark:border-slate-800">
      <label htmlFor={inputId} className="w-12 shrink-0 pt-1 text-sm text-slate-600 dark:text-slate-400">
        {label}
      </label>
      <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1" data-testid={`recipients-${label.toLowerCase()}`}>
        {recipients.map((recipient) => {
          const isValid = looksLikeAddress(recipient.address);
          return (
            <span
              key={recipient.address}
              data-testid="recipient-chip"
              title={recipient.address}
              className={`inline-flex max-w-full items-center gap-1 rounded-full px-2 py-0.5 text-sm ${isValid ? "bg-blue-50 text-blue-900 dark:bg-blue-950 dark:text-blue-100" : "bg-red-50 text-red-800 line-through"}`}
            >
              <span className="truncate">{recipient.name || recipient.address}</span>
              <button type="button" aria-label={`Remove ${recipient.address}`} className="text-slate-500 hover:text-slate-900" onClick={() => onChange(recipients.filter((r) => r !== recipient))}>
                ×
              </button>
            </span>
          );
        })}
        <input
          id={inputId}
          autoFocus={autoFocus}
          value={text}
          onChange={(event) => onTextChange(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            // A click on a suggestion lands before the blur's commit: see onMouseDown below.
            commitText();
          }}
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          autoComplete="off"
          className="min-w-[8rem] flex-1 bg-transparent py-1 text-sm outline-none"
        />
      </div>
      {showList && (
        <ul id={listId} role="listbox" className="absolute left-14 right-0 top-full z-20 max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {suggestions.map((suggestion, index) => (
            <li
              key={suggestion.address}
              role="option"
              aria-selected={index === active}
              className={`cursor-pointer truncate px-3 py-1.5 text-sm ${index === active ? "bg-blue-50 dark:bg-blue-950" : ""}`}
              // mousedown, not click: it comes before the input's blur would take the typed text.
              onMouseDown={(event) => {
                event.preventDefault();
                add({ name: suggestion.name, address: suggestion.address });
              }}
            >
              {suggestion.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
