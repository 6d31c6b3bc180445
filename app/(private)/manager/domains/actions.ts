"use server";

import { z } from "zod";
import { loadConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createDnsResolver } from "@/lib/delivery/dns-resolver";
import { createDomain } from "@/lib/directory/create-domain";
import { verifyDomain } from "@/lib/directory/verify-domain";
import { setCatchAll } from "@/lib/directory/set-catch-all";
import { rotateDkimKey } from "@/lib/directory/rotate-dkim-key";
import { runDeliveryAction } from "@/app/(private)/manager/run-delivery-action";
import type { DeliveryFormState } from "@/components/manager-delivery/form-state";

const PATH = "/manager/domains";
const Id = z.string().min(1).max(100);

/** A resolver for the owner's records: no cache, so "Verify now" right after publishing sees them. */
function ownerDnsResolver() {
  const { dnsServers } = loadConfig();
  return createDnsResolver({ servers: dnsServers.length ? dnsServers : undefined, cacheMs: 0 });
}

const isDevelopment = () => loadConfig().mode === "development";

export async function addDomainAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ accountId: Id, name: z.string().trim().min(1, "Enter a domain name.").max(253) }), PATH, async (db, context, input) => {
    const domain = await createDomain(db, { ...context, ...input, isDevelopment: isDevelopment() });
    return domain.verifiedAt ? `Added ${domain.name}.` : `Added ${domain.name}. Publish its verification record, then verify it.`;
  });
}

export async function verifyDomainAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ domainId: Id }), PATH, async (db, context, input) => {
    const result = await verifyDomain(db, { ...context, ...input, resolver: ownerDnsResolver() });
    if (!result.isVerified) throw new AppError("CONFLICT", result.problem);
    return "Verified: mail for this domain is accepted now.";
  });
}

export async function setCatchAllAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ domainId: Id, mailboxId: z.string().max(100) }), PATH, async (db, context, input) => {
    await setCatchAll(db, { ...context, domainId: input.domainId, mailboxId: input.mailboxId || null });
    return input.mailboxId ? "Catch-all set." : "Catch-all turned off.";
  });
}

export async function rotateDkimKeyAction(_previous: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return runDeliveryAction(form, z.object({ domainId: Id }), PATH, async (db, context, input) => {
    const result = await rotateDkimKey(db, { ...context, ...input, resolver: ownerDnsResolver(), isDevelopment: isDevelopment() });
    if (result.stage === "WAITING_FOR_DNS") throw new AppError("CONFLICT", result.problem);
    if (result.stage === "NEXT_KEY_CREATED") return `New key ${result.selector} made. Publish its record below, then press "Finish rotation".`;
    return `Key ${result.selector} now signs. Keep the retired key's record published at least 7 days.`;
  });
}
