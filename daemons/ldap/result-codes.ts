/** The LDAP result codes this daemon answers with (RFC 4511 Appendix A). */
export const RESULT = {
  success: 0,
  operationsError: 1,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  unavailableCriticalExtension: 12,
  confidentialityRequired: 13,
  noSuchObject: 32,
  invalidDnSyntax: 34,
  inappropriateAuthentication: 48,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  unwillingToPerform: 53,
} as const;

export const READ_ONLY_MESSAGE = "Address books are read-only over LDAP: edit contacts in the Manager or in webmail.";
