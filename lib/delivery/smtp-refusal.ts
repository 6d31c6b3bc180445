import type { SmtpStage } from "../generated/postgres/client.ts";

/**
 * A refusal the MX sends and writes to the reject log: the SMTP reply and the reason, in words for
 * the sender and as a stable key for reports. `isTemporary` refusals (4xx) ask the sender to retry.
 */
export type SmtpRefusal = {
  stage: SmtpStage;
  smtpCode: number;
  enhancedCode: string;
  reasonKey: string;
  reasonText: string;
};

export function refusal(stage: SmtpStage, smtpCode: number, enhancedCode: string, reasonKey: string, reasonText: string): SmtpRefusal {
  return { stage, smtpCode, enhancedCode, reasonKey, reasonText };
}

/** An Error that smtp-server sends as the reply `code enhanced text`. */
export function toSmtpError(refused: SmtpRefusal): Error & { responseCode: number } {
  return Object.assign(new Error(`${refused.enhancedCode} ${refused.reasonText}`), { responseCode: refused.smtpCode });
}
