import { makeEntry, type DirectoryEntry } from "./directory-entry.ts";
import { PAGED_RESULTS_OID } from "./paged-results.ts";

export const STARTTLS_OID = "1.3.6.1.4.1.1466.20037";
export const WHO_AM_I_OID = "1.3.6.1.4.1.4203.1.11.3";

/** The root DSE (RFC 4512 §5.1): what clients read, before binding, to learn what the server does. */
export function rootDse(suffix: string): DirectoryEntry {
  return makeEntry("", {
    objectClass: ["top"],
    namingContexts: [suffix],
    supportedLDAPVersion: ["3"],
    supportedControl: [PAGED_RESULTS_OID],
    supportedExtension: [STARTTLS_OID, WHO_AM_I_OID],
    supportedFeatures: ["1.3.6.1.4.1.4203.1.5.1"], // all operational attributes ("+")
    vendorName: ["Mailwright"],
  });
}
