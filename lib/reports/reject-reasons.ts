/** What each reason key of the reject log means, for the customer asking why mail did not arrive. */
const REASONS: Record<string, string> = {
  unknown_user: "No such recipient",
  relay_denied: "Not a domain we receive mail for",
  mailbox_disabled: "Recipient mailbox disabled",
  mailbox_full: "Recipient mailbox full",
  blocked_sender: "Sender on the block list",
  dnsbl: "Sending server on a DNS block list",
  dmarc_reject: "Failed the sender domain's DMARC policy",
  spam: "Spam score too high",
  bad_helo: "Sending server gave an invalid HELO name",
  bad_address: "Malformed address",
  bare_line_break: "Malformed message (bare line breaks)",
  too_large: "Message too large",
  rate_limited: "Sender sent too fast",
  connection_limit: "Too many connections from the sending server",
  connection_rate: "Sending server connected too often",
  too_many_errors: "Too many errors in one connection",
  storage_error: "Temporary storage failure (the sender retries)",
  sender_not_owned: "Sender address not owned",
  from_not_owned: "From address not owned",
};

/** A reason key in words; an unknown key (a newer MX) is shown as it is. */
export function describeReason(reasonKey: string): string {
  return REASONS[reasonKey] ?? reasonKey.replaceAll("_", " ");
}

export const KNOWN_REASON_KEYS = Object.keys(REASONS);
