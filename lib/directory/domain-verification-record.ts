/** The TXT record that proves a domain's ownership: published by its owner, read by `verifyDomain`. */
export function domainVerificationRecord(domain: { name: string; verificationToken: string }): { name: string; value: string } {
  return { name: `_mailwright.${domain.name}`, value: `mailwright-verification=${domain.verificationToken}` };
}
