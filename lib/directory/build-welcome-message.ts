import { buildTextMessage } from "../mime/build-text-message.ts";

/** The welcome message a new mailbox finds in its INBOX: plain text from the manager who created it. */
export function buildWelcomeMessage(input: { to: string; from: string; text: string; now?: Date }): Buffer {
  return buildTextMessage({
    headers: [`From: ${input.from}`, `To: ${input.to}`, "Subject: Welcome to your new mailbox"],
    text: input.text,
    messageIdDomain: input.to.slice(input.to.lastIndexOf("@") + 1),
    now: input.now,
  });
}
