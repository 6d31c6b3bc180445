// Reads once what the rules look at, so that each rule is a short test over plain values.
import type { ParsedMessage } from "../../mime/message-index.ts";
import { parseMessage } from "../../mime/parse-message.ts";
import { findUrls } from "./find-urls.ts";
import { listAttachmentNames } from "./list-attachment-names.ts";
import { readBody, type BodyFacts } from "./read-body.ts";
import type { ScoreInput } from "./score-types.ts";

export type MessageFacts = {
  input: ScoreInput;
  message: ParsedMessage;
  /** When the message arrived, in milliseconds since the epoch. */
  receivedAt: number;
  body: BodyFacts;
  /** The distinct http(s) URLs the message links to or shows. */
  urls: URL[];
  attachmentNames: string[];
};

export function readMessageFacts(input: ScoreInput): MessageFacts {
  const message = input.parsed ?? parseMessage(input.raw);
  const body = readBody(input.raw, message.root);
  return {
    input,
    message,
    receivedAt: (input.receivedAt ?? new Date()).getTime(),
    body,
    urls: findUrls(message.text, body.links.map((link) => link.href)),
    attachmentNames: listAttachmentNames(message.root),
  };
}
